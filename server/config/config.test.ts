// Configuration: defaults, flags over environment, and errors that say how to fix them.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { stringMatching } from '../../test/support/matchers';
import { isLoopbackHost, loadConfig } from './config';

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const c = loadConfig({}, [], '/srv/lab');
    expect(c).toMatchObject({ ok: true, value: { port: 3000, host: '127.0.0.1', machine: 'sandbox', dataDir: '/srv/lab/data' } });
  });

  it('lets flags win over the environment', () => {
    const c = loadConfig({ PORT: '4000', NSLAB_MACHINE: 'host' }, ['--port', '5000', '--machine=sandbox'], '/');
    expect(c).toMatchObject({ ok: true, value: { port: 5000, machine: 'sandbox' } });
  });

  it('explains a wrong value, naming the variable', () => {
    const c = loadConfig({ PORT: 'eighty', NSLAB_MACHINE: 'cloud' }, [], '/');
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.error).toMatch(/PORT \/ --port: PORT must be a whole number \(got "eighty"\)/);
    expect(c.error).toMatch(/NSLAB_MACHINE .*"sandbox".*"host"/);
  });

  it('names the node after the host unless NSLAB_NODE_ID says, drains for NSLAB_DRAIN_SECONDS (none by default), and explains bad values', () => {
    expect(loadConfig({}, [], '/')).toMatchObject({ ok: true, value: { nodeId: hostname(), drainSeconds: 0 } });
    expect(loadConfig({ NSLAB_NODE_ID: 'nslab-2', NSLAB_DRAIN_SECONDS: '300' }, [], '/')).toMatchObject({ ok: true, value: { nodeId: 'nslab-2', drainSeconds: 300 } });
    const bad = loadConfig({ NSLAB_NODE_ID: 'two words', NSLAB_DRAIN_SECONDS: '-1' }, [], '/');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toMatch(/NSLAB_NODE_ID \/ --node-id: NSLAB_NODE_ID must be 1–63 letters/);
    expect(bad.error).toMatch(/NSLAB_DRAIN_SECONDS \/ --drain-seconds: NSLAB_DRAIN_SECONDS must be at least 0/);
  });

  it('takes an SSH or Vagrant lab machine', () => {
    expect(loadConfig({ NSLAB_MACHINE: 'ssh://root@10.0.0.5:22', NSLAB_SSH_KEY: '/keys/lab' }, [], '/')).toMatchObject({ ok: true, value: { machine: 'ssh://root@10.0.0.5:22', sshKey: '/keys/lab' } });
    expect(loadConfig({}, ['--machine', 'vagrant', '--vagrant-dir', '/vm'], '/')).toMatchObject({ ok: true, value: { machine: 'vagrant', vagrantDir: '/vm' } });
  });

  it('refuses unknown flags and weak tokens', () => {
    expect(loadConfig({}, ['--prot', '1'], '/')).toMatchObject({ ok: false, error: stringMatching(/unknown flag --prot/) });
    expect(loadConfig({ NSLAB_TOKEN: 'short' }, [], '/')).toMatchObject({ ok: false, error: stringMatching(/NSLAB_TOKEN must be 16/) });
  });

  it('takes a PostgreSQL NSLAB_DATABASE_URL, and refuses anything else without repeating it (it may hold a password)', () => {
    const unset = loadConfig({}, [], '/');
    expect(unset.ok && unset.value.databaseUrl).toBeUndefined();
    const url = 'postgresql://lab:s3cret@db.internal:5432/nslab';
    expect(loadConfig({ NSLAB_DATABASE_URL: url }, [], '/')).toMatchObject({ ok: true, value: { databaseUrl: url } });
    expect(loadConfig({}, ['--database-url', 'postgres:///nslab?host=/run/postgresql'], '/')).toMatchObject({ ok: true });
    const wrong = loadConfig({ NSLAB_DATABASE_URL: 'mysql://lab:s3cret@db/nslab' }, [], '/');
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.error).toMatch(/NSLAB_DATABASE_URL must be a PostgreSQL URL/);
    expect(wrong.error).not.toContain('s3cret');
  });

  it('takes a Redis NSLAB_REDIS_URL (redis, rediss, unix), and refuses anything else without repeating it', () => {
    for (const url of ['redis://:s3cret@redis.internal:6379', 'rediss://lab:s3cret@redis:6380/0', 'unix:///run/redis/redis.sock']) {
      expect(loadConfig({ NSLAB_REDIS_URL: url }, [], '/')).toMatchObject({ ok: true, value: { redisUrl: url } });
    }
    for (const url of ['http://:s3cret@redis:6379', 'redis-s3cret', 'unix:s3cret']) {
      const wrong = loadConfig({ NSLAB_REDIS_URL: url }, [], '/');
      expect(wrong).toMatchObject({ ok: false, error: stringMatching(/NSLAB_REDIS_URL must be a Redis URL/) });
      expect(wrong.ok || wrong.error).not.toContain('s3cret');
    }
  });

  it('asks a workshop of many nodes for secrets every node shares', () => {
    const redis = { NSLAB_WORKSHOP: '1', NSLAB_REDIS_URL: 'redis://redis:6379' };
    expect(loadConfig(redis, [], '/')).toMatchObject({ ok: false, error: stringMatching(/set NSLAB_WORKSHOP_SECRET \(the same on every node\), or both NSLAB_JOIN_CODE and NSLAB_TOKEN/) });
    expect(loadConfig({ ...redis, NSLAB_JOIN_CODE: 'JOIN-42-code' }, [], '/')).toMatchObject({ ok: false });
    expect(loadConfig({ ...redis, NSLAB_JOIN_CODE: 'JOIN-42-code', NSLAB_TOKEN: 'instructor-token-0123' }, [], '/')).toMatchObject({ ok: true });
    const secret = 'workshop-secret-s3cret-0123456789abcdef';
    expect(loadConfig({ ...redis, NSLAB_WORKSHOP_SECRET: secret }, [], '/')).toMatchObject({ ok: true, value: { workshopSecret: secret } });
    const weak = loadConfig({ ...redis, NSLAB_WORKSHOP_SECRET: 'too-s3cret' }, [], '/');
    expect(weak).toMatchObject({ ok: false, error: stringMatching(/NSLAB_WORKSHOP_SECRET must be 32–256/) });
    expect(weak.ok || weak.error).not.toContain('s3cret');
  });

  it('keeps a warm pool sized to the room in a workshop, a small one otherwise, and takes NSLAB_WARM_SANDBOXES over both', () => {
    expect(loadConfig({}, [], '/')).toMatchObject({ ok: true, value: { warmSandboxes: 2 } });
    expect(loadConfig({ NSLAB_WORKSHOP: '1' }, [], '/')).toMatchObject({ ok: true, value: { warmSandboxes: 50 } });
    // Never more warm sandboxes than sessions the server holds.
    expect(loadConfig({ NSLAB_WORKSHOP: '1', NSLAB_MAX_SESSIONS: '20' }, [], '/')).toMatchObject({ ok: true, value: { warmSandboxes: 20 } });
    expect(loadConfig({ NSLAB_WORKSHOP: '1', NSLAB_WARM_SANDBOXES: '120' }, [], '/')).toMatchObject({ ok: true, value: { warmSandboxes: 120 } });
    expect(loadConfig({ NSLAB_WARM_SANDBOXES: '0' }, ['--warm-sandboxes', '4'], '/')).toMatchObject({ ok: true, value: { warmSandboxes: 4 } });
    expect(loadConfig({ NSLAB_WARM_SANDBOXES: '-1' }, [], '/')).toMatchObject({ ok: false, error: stringMatching(/NSLAB_WARM_SANDBOXES .*at least 0/) });
  });

  it('caps each sandbox at half the host CPUs by default, at least half a CPU', () => {
    expect(loadConfig({}, [], '/', 8)).toMatchObject({ ok: true, value: { cpus: 4 } });
    expect(loadConfig({}, [], '/', 2)).toMatchObject({ ok: true, value: { cpus: 1 } });
    expect(loadConfig({}, [], '/', 1)).toMatchObject({ ok: true, value: { cpus: 0.5 } });
  });

  it('takes NSLAB_CPUS as a whole or fractional number of CPUs, the flag winning', () => {
    expect(loadConfig({ NSLAB_CPUS: '0.5' }, [], '/', 8)).toMatchObject({ ok: true, value: { cpus: 0.5 } });
    expect(loadConfig({ NSLAB_CPUS: '3' }, [], '/', 8)).toMatchObject({ ok: true, value: { cpus: 3 } });
    expect(loadConfig({ NSLAB_CPUS: '3' }, ['--cpus', '0.25'], '/', 8)).toMatchObject({ ok: true, value: { cpus: 0.25 } });
  });

  it('explains a bad NSLAB_CPUS', () => {
    const bad = (value: string) => {
      const c = loadConfig({ NSLAB_CPUS: value }, [], '/', 8);
      return c.ok ? '' : c.error;
    };
    expect(bad('half')).toMatch(/NSLAB_CPUS \/ --cpus: NSLAB_CPUS must be a number of CPUs per sandbox, such as 0.5 or 2 \(got "half"\)/);
    expect(bad('0')).toMatch(/NSLAB_CPUS must be at least 0.01/);
    expect(bad('-1')).toMatch(/NSLAB_CPUS must be at least 0.01/);
    expect(bad('0.001')).toMatch(/NSLAB_CPUS must be at least 0.01/);
    expect(bad('5000')).toMatch(/NSLAB_CPUS must be at most 1024/);
    expect(bad('Infinity')).toMatch(/NSLAB_CPUS/);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::'].some(isLoopbackHost)).toBe(false);
  });

  it('reads the trusted balancers as a list of IP addresses, and refuses anything else', () => {
    expect(loadConfig({ NSLAB_TRUSTED_PROXIES: '10.0.0.2, 10.0.0.3' }, [], '/')).toMatchObject({ ok: true, value: { trustedProxies: ['10.0.0.2', '10.0.0.3'] } });
    expect(loadConfig({}, [], '/')).toMatchObject({ ok: true, value: { trustedProxies: [] } });
    expect(loadConfig({ NSLAB_TRUSTED_PROXIES: 'nginx' }, [], '/')).toMatchObject({
      ok: false,
      error: stringMatching(/NSLAB_TRUSTED_PROXIES must be IP addresses or CIDR ranges.*"nginx" is not an IP address/),
    });
  });

  it('takes CIDR ranges of trusted balancers (IPv4, IPv6, IPv4-mapped), and says what is wrong with each bad entry', () => {
    const ranges = '10.0.0.0/8, fd00::/8, ::ffff:192.0.2.0/120, 192.0.2.7';
    expect(loadConfig({ NSLAB_TRUSTED_PROXIES: ranges }, [], '/')).toMatchObject({ ok: true, value: { trustedProxies: ['10.0.0.0/8', 'fd00::/8', '::ffff:192.0.2.0/120', '192.0.2.7'] } });
    expect(loadConfig({}, ['--trusted-proxies', '0.0.0.0/0'], '/').ok).toBe(true);
    const bad = (value: string) => {
      const c = loadConfig({ NSLAB_TRUSTED_PROXIES: value }, [], '/');
      return c.ok ? '' : c.error;
    };
    expect(bad('10.0.0.0/33')).toMatch(/NSLAB_TRUSTED_PROXIES \/ --trusted-proxies: .*"10.0.0.0\/33": an IPv4 prefix length is 0–32 \(got "10.0.0.0\/33"\)/);
    expect(bad('fd00::/129')).toMatch(/"fd00::\/129": an IPv6 prefix length is 0–128/);
    expect(bad('10.0.0.0/')).toMatch(/"10.0.0.0\/": the prefix length after "\/" must be a whole number/);
    expect(bad('10.0.0.0/8.5')).toMatch(/must be a whole number/);
    expect(bad('10.0.0/8')).toMatch(/"10.0.0" is not an IP address/);
    expect(bad('ingress-nginx/8')).toMatch(/"ingress-nginx" is not an IP address/);
    // Every bad entry is named at once.
    expect(bad('10.0.0.0/8, 300.1.1.1, fd00::/200')).toMatch(/"300.1.1.1" is not an IP address; "fd00::\/200": an IPv6 prefix length is 0–128/);
  });
});
