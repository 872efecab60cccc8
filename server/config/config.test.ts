// Configuration: defaults, flags over environment, and errors that say how to fix them.
import { describe, expect, it } from 'vitest';
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

  it('takes an SSH or Vagrant lab machine', () => {
    expect(loadConfig({ NSLAB_MACHINE: 'ssh://root@10.0.0.5:22', NSLAB_SSH_KEY: '/keys/lab' }, [], '/')).toMatchObject({ ok: true, value: { machine: 'ssh://root@10.0.0.5:22', sshKey: '/keys/lab' } });
    expect(loadConfig({}, ['--machine', 'vagrant', '--vagrant-dir', '/vm'], '/')).toMatchObject({ ok: true, value: { machine: 'vagrant', vagrantDir: '/vm' } });
  });

  it('refuses unknown flags and weak tokens', () => {
    expect(loadConfig({}, ['--prot', '1'], '/')).toMatchObject({ ok: false, error: expect.stringMatching(/unknown flag --prot/) });
    expect(loadConfig({ NSLAB_TOKEN: 'short' }, [], '/')).toMatchObject({ ok: false, error: expect.stringMatching(/NSLAB_TOKEN must be 16/) });
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::'].some(isLoopbackHost)).toBe(false);
  });
});
