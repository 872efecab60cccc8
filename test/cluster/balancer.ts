// Debian's nginx in front of the lab nodes with the shipped deploy/nginx/nslab.conf, its upstream servers and listen address filled in for this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from '../support/wait';
import { freePort } from '../support/free-port';

export const SHIPPED_CONFIG = path.resolve('deploy/nginx/nslab.conf');
export const NGINX = process.env.NSLAB_NGINX ?? '/usr/sbin/nginx';
/** Longest nginx may take to answer its first request (in milliseconds). */
const START_TIMEOUT_MS = 10_000;
/** Longest a graceful stop (SIGQUIT) may take before SIGKILL (in milliseconds). */
const STOP_TIMEOUT_MS = 5_000;

export type Balancer = {
  /** Where learners open the lab: `http://127.0.0.1:port`. */
  origin: string;
  /** nginx's access log so far (one line per request: upstream address and status). */
  accessLog(): string;
  errorLog(): string;
  /** Stops nginx and removes its directory; safe to call twice. */
  stop(): Promise<void>;
};

/**
 * The shipped configuration with the example upstream servers replaced by `nodes` (host:port each, keeping the
 * shipped parameters: max_fails, fail_timeout) and `listen 80` by `listen`. Throws if the shipped file no longer
 * has what this replaces, so the test never runs a configuration other than the one shipped.
 */
export function templateConfig(shipped: string, nodes: readonly string[], listen: string): string {
  const servers = [...shipped.matchAll(/^(\s*)server\s+\S+:\d+(\s[^;]*)?;$/gm)];
  if (servers.length === 0) throw new Error(`${SHIPPED_CONFIG}: no "server host:port …;" lines in its upstream`);
  const [indent, params] = [servers[0]![1], servers[0]![2] ?? ''];
  const first = servers[0]!.index;
  const last = servers.at(-1)!;
  const upstream = nodes.map((n) => `${indent}server ${n}${params};`).join('\n');
  let config = shipped.slice(0, first) + upstream + shipped.slice(last.index + last[0].length);
  if (!/^\s*listen 80;$/m.test(config)) throw new Error(`${SHIPPED_CONFIG}: no "listen 80;" line`);
  config = config.replace(/^(\s*)listen 80;$/m, `$1listen ${listen};`);
  return config;
}

/** Starts nginx (one process, no daemon, everything in a temporary directory) in front of `nodes`; resolves once it answers. */
export async function startBalancer(nodes: readonly string[]): Promise<Balancer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-balancer-'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'nslab.conf'), templateConfig(readFileSync(SHIPPED_CONFIG, 'utf8'), nodes, `127.0.0.1:${port}`));
  const main = path.join(dir, 'nginx.conf');
  writeFileSync(
    main,
    `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format upstream '$request_method $uri $status upstream=$upstream_addr upstream_status=$upstream_status';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/nslab.conf;
}
`,
  );
  const read = (name: string) => {
    try {
      return readFileSync(path.join(dir, name), 'utf8');
    } catch {
      return ''; // not written yet
    }
  };
  // -e: nginx opens its default error log before reading the configuration unless told otherwise.
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', main, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    })());
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output}${read('error.log')}`);
        return fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
          (r) => r.ok,
          () => false,
        );
      },
      () => `nginx to answer on ${origin}: ${output}${read('error.log')}`,
      START_TIMEOUT_MS,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { origin, accessLog: () => read('access.log'), errorLog: () => read('error.log'), stop };
}
