// Root layout: the html shell, global styles and the slim top bar shared by every page.
import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { LabConnectionProvider } from '../components/connection/lab-connection';
import { DisplayNameControl } from '../components/learner/display-name-control';
import { SkipToTerminal } from '../components/terminal/skip-to-terminal';
import { THEME_SCRIPT } from '../components/theme/theme-choice';
import { ThemeSwitch } from '../components/theme/theme-switch';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'nslab — Linux namespaces, by doing', template: '%s · nslab' },
  description: 'Lessons on Linux namespaces beside a live, sandboxed root shell.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#0f766e' },
    { media: '(prefers-color-scheme: dark)', color: '#121418' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The head script sets the theme's class on <html> before the first paint, so React finds a class it did not render.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Inline (allowed by the CSP's script-src, as Next.js's own bootstrap is): a file would paint light first. */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="flex h-dvh flex-col font-sans">
        {/* The page's one connection to the lab: the header's name control and the page's content share it. */}
        <LabConnectionProvider>
          {/* On lesson pages the first tab stop: the terminal is where the work happens. */}
          <SkipToTerminal />
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2">
            Skip to content
          </a>
          {/* One line at every width: nothing in it wraps; the tagline and the Lessons link (the logo goes there too) give way on phones. */}
          <header className="flex h-12 shrink-0 items-center gap-2 border-b border-line bg-surface px-3 whitespace-nowrap sm:gap-3 sm:px-4">
            <Link href="/" className="flex shrink-0 items-center gap-2 rounded font-semibold tracking-tight text-ink">
              {/* eslint-disable-next-line @next/next/no-img-element -- a 20px svg needs no optimisation */}
              <img src="/icon.svg" alt="" width={22} height={22} />
              <span>nslab</span>
            </Link>
            <span className="hidden truncate text-sm text-muted md:inline">Linux namespaces, by doing</span>
            <div className="ml-auto min-w-0 overflow-x-auto">
              <DisplayNameControl />
            </div>
            <ThemeSwitch />
            <nav aria-label="Main" className="hidden text-sm sm:block">
              <Link href="/" className="rounded px-2 py-1 text-ink-soft hover:bg-paper hover:text-ink">
                Lessons
              </Link>
            </nav>
          </header>
          <main id="main" className="min-h-0 flex-1">
            {children}
          </main>
        </LabConnectionProvider>
      </body>
    </html>
  );
}
