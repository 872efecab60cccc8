// Starts Debian's nginx in front of the lab as a plain HTTP proxy that refuses every WebSocket upgrade (403), as many company and university proxies do.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/free-port';

export type BlockingProxy = {
  /** The proxy's origin (`http://127.0.0.1:port`): open the lab's pages here. */
  origin: string;
  /** nginx's access log so far: one line per request, with its status. */
  accessLog(): string;
  stop(): Promise<void>;
};

/** How long nginx may take to answer its first request (in milliseconds). */
const START_TIMEOUT_MS = 10_000;

/**
 * The configuration: one server on `port` forwarding to `upstream`; any request that asks for an
 * `Upgrade` gets 403, everything else (pages, socket.io's long-polling) is forwarded unbuffered.
 * No daemon, one process, pid, logs and temporary files in `dir`.
 */
export function blockingProxyConfig(dir: string, port: number, upstream: string): string {
  const upstreamHost = new URL(upstream).host;
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  # socket.io's polling POSTs (keystrokes, pastes) stay in memory.
  client_body_buffer_size 1m;
  client_max_body_size 2m;
  server {
    listen 127.0.0.1:${port};
    location / {
      if ($http_upgrade != "") { return 403; }
      proxy_pass http://${upstreamHost};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 120s;
    }
  }
}
`;
}

/** Starts nginx in front of `upstream` (the lab's origin); resolves once it answers. Stop it with `stop()`, also after a failure. */
export async function startBlockingProxy(upstream: string, nginx = process.env.NSLAB_NGINX ?? '/usr/sbin/nginx'): Promise<BlockingProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nslab-proxy-'));
  const port = await freePort();
  const config = path.join(dir, 'nginx.conf');
  writeFileSync(config, blockingProxyConfig(dir, port, upstream));
  // -e: nginx opens its default error log before reading the configuration unless told otherwise.
  const child: ChildProcess = spawn(nginx, ['-p', dir, '-c', config, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGQUIT: a graceful stop; SIGKILL if it does not go.
      child.kill('SIGQUIT');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const readLog = (name: string) => {
    try {
      return readFileSync(path.join(dir, name), 'utf8');
    } catch {
      return ''; // not written yet
    }
  };
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output}${readLog('error.log')}`);
      const answered = await fetch(`${origin}/`, { signal: AbortSignal.timeout(1_000) }).then(
        () => true,
        () => false,
      );
      if (answered) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${origin}: ${output}${readLog('error.log')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { origin, accessLog: () => readLog('access.log'), stop };
}
