// The 404 page: shown for unknown lessons and any other missing page.
import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="flex h-full items-center justify-center px-6">
      <div className="max-w-md text-center">
        <p className="font-mono text-sm text-accent">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink">There is no such page</h1>
        <p className="mt-2 text-ink-soft">The lesson may have been renamed, or the link has a typo. Every lesson is listed in the catalogue.</p>
        <Link href="/" className="mt-6 inline-block rounded-md bg-accent px-4 py-2 text-sm font-semibold text-white hover:bg-accent-strong">
          Back to the lessons
        </Link>
      </div>
    </div>
  );
}
