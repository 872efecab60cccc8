// First-load JavaScript of a lesson page from the production build: every <script src> of the HTML, gzipped and summed.
import { gzipSync } from 'node:zlib';
import { ensureBuild } from '../server/web/ensure-build';
import { startLabProcess } from '../test/support/lab-process';

export type PageWeight = { path: string; scripts: { src: string; bytes: number; gzipBytes: number }[]; gzipBytes: number; bytes: number };

/** Builds the web app if its sources changed, serves it from a second server, and weighs `pagePath`'s scripts. */
export async function measurePageWeight(root: string, pagePath = '/lessons/uts'): Promise<PageWeight> {
  if (!ensureBuild(root, (m) => process.stdout.write(`  ${m}\n`))) throw new Error('the web app failed to build');
  const lab = await startLabProcess({ NSLAB_MACHINE: 'host' });
  try {
    const html = await fetchOk(lab.origin, pagePath).then((r) => r.text());
    const srcs = [...new Set([...html.matchAll(/<script\b[^>]*?\bsrc="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
    const scripts = [];
    for (const src of srcs) {
      const body = Buffer.from(await (await fetchOk(lab.origin, src)).arrayBuffer());
      scripts.push({ src, bytes: body.length, gzipBytes: gzipSync(body).length });
    }
    return {
      path: pagePath,
      scripts,
      bytes: scripts.reduce((a, s) => a + s.bytes, 0),
      gzipBytes: scripts.reduce((a, s) => a + s.gzipBytes, 0),
    };
  } finally {
    await lab.stop();
  }
}

/** A page of the lab as a browser on loopback asks for it (the Host header names loopback). */
async function fetchOk(origin: string, path: string): Promise<Response> {
  const response = await fetch(new URL(path, origin));
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response;
}
