// SSH addresses, remote quoting and ssh's failures explained.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { explainSshFailure } from './ssh-errors';
import { launcherCommandLine, shellQuote } from './ssh-command';
import { describeTarget, parseSshUrl } from './ssh-target';
import { stringMatching } from '../../../test/support/matchers';

describe('parseSshUrl', () => {
  it('reads user, host and port', () => {
    expect(parseSshUrl('ssh://root@10.0.0.5:2222')).toEqual({ ok: true, value: { destination: '10.0.0.5', user: 'root', port: 2222 } });
    expect(parseSshUrl('ssh://lab.example')).toEqual({ ok: true, value: { destination: 'lab.example', user: undefined, port: undefined } });
    expect(parseSshUrl('ssh://vagrant@[fd00::5]:22')).toMatchObject({ ok: true, value: { destination: 'fd00::5', port: 22 } });
  });

  it('refuses what is not an address, saying how it should look', () => {
    expect(parseSshUrl('root@host')).toMatchObject({ ok: false, error: stringMatching(/ssh:\/\/\[user@\]host\[:port\]/) });
    expect(parseSshUrl('ssh://root@host:99999')).toMatchObject({ ok: false, error: stringMatching(/out of range/) });
    expect(parseSshUrl('ssh://ro;ot@host')).toMatchObject({ ok: false, error: stringMatching(/not a valid user/) });
    expect(parseSshUrl('ssh://-oProxyCommand=x')).toMatchObject({ ok: false });
  });

  it('shows a target as user@host:port', () => {
    expect(describeTarget({ destination: 'fd00::5', user: 'root', port: 22 })).toBe('root@[fd00::5]:22');
  });
});

describe('the remote command line', () => {
  it('survives the remote shell word for word', () => {
    const words = ['plain', "it's", 'a b', '$HOME', '`x`', '\\', '', 'line\nbreak'];
    const echoed = execFileSync('sh', ['-c', `printf '%s\\0' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
    expect(echoed.split('\0').slice(0, -1)).toEqual(words);
  });

  it('runs the launcher through sudo unless the login user is root', () => {
    expect(launcherCommandLine(false, ['check', 'i1'])).toMatch(/^sudo -n -- sh -c '/);
    expect(launcherCommandLine(true, ['check', 'i1'])).toMatch(/^sh -c '.*' nslab-session check i1$/s);
  });
});

describe('explainSshFailure', () => {
  it('says what happened and what to do', () => {
    expect(explainSshFailure('root@h:22', 'ssh: connect to host h port 22: Connection refused')).toMatch(/refused the SSH connection/);
    expect(explainSshFailure('root@h:22', 'root@h: Permission denied (publickey).')).toMatch(/refused the login.*NSLAB_SSH_KEY/);
    expect(explainSshFailure('h', '@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nOffending ED25519 key in /k/known_hosts:3')).toMatch(
      /host key of h changed.*remove line 3 of \/k\/known_hosts/,
    );
    expect(explainSshFailure('h', 'sudo: a password is required')).toMatch(/passwordless sudo/);
    expect(explainSshFailure('h', 'something odd')).toBe('SSH to h failed: something odd');
  });
});
