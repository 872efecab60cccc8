// Root layout: the html shell, global styles and the slim top bar shared by every page.
import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { DisplayNameControl } from '../components/learner/display-name-control';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'nslab — Linux namespaces, by doing', template: '%s · nslab' },
  description: 'Lessons on Linux namespaces beside a live, sandboxed root shell.',
};

export const viewport: Viewport = { themeColor: '#0f766e' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <header className="flex h-12 shrink-0 items-center gap-3 border-b border-line bg-surface px-4">
          <Link href="/" className="flex items-center gap-2 rounded font-semibold tracking-tight text-ink">
            {/* eslint-disable-next-line @next/next/no-img-element -- a 20px svg needs no optimisation */}
            <img src="/icon.svg" alt="" width={22} height={22} />
            <span>nslab</span>
          </Link>
          <span className="hidden text-sm text-muted sm:inline">Linux namespaces, by doing</span>
          <div className="ml-auto">
            <DisplayNameControl />
          </div>
          <nav aria-label="Main" className="text-sm">
            <Link href="/" className="rounded px-2 py-1 text-ink-soft hover:bg-paper hover:text-ink">
              Lessons
            </Link>
          </nav>
        </header>
        <main id="main" className="min-h-0 flex-1">
          {children}
        </main>
      </body>
    </html>
  );
}
