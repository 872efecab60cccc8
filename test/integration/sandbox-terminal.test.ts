// The real server on port 0 hands a socket.io client a sandboxed shell where real namespace commands work.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { TerminalClient, requestOk } from '../support/terminal-client';
import { waitUntil } from '../support/wait';

describe('a sandboxed terminal over socket.io', () => {
  let lab: TestLab;
  let client: LabClient;
  let term: TerminalClient;
  const hostHostname = os.hostname();

  beforeAll(async () => {
    lab = await startTestLab();
    client = connectClient(lab);
    await whenConnected(client);
    term = await TerminalClient.open(client, 'uts');
  });

  afterAll(async () => {
    client?.close();
    await lab?.dispose();
  });

  it('is a root shell on a machine called lab', async () => {
    expect(term.output).toMatch(/root@lab:~# $/);
    expect((await term.run('id -u')).trim()).toBe('0');
    expect((await term.run('hostname')).trim()).toBe('lab');
  });

  it('changes the hostname only inside a new UTS namespace', async () => {
    expect((await term.run(`unshare --uts sh -c 'hostname foo; hostname'`)).trim()).toBe('foo');
    expect((await term.run('hostname')).trim()).toBe('lab');
    expect(os.hostname()).toBe(hostHostname);
  });

  it('gives a new PID namespace with its own PID 1', async () => {
    const out = await term.run("unshare --pid --fork --mount-proc sh -c 'echo pid=$$; ps -e -o pid= | wc -l'");
    expect(out).toContain('pid=1');
    expect(Number(out.trim().split('\n').pop())).toBeLessThanOrEqual(3);
  });

  it('gives a new network namespace with only a loopback interface, down', async () => {
    const out = await term.run('unshare --net ip -o link');
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(/^1: lo: .*state DOWN/);
  });

  it('follows the terminal size the browser asks for', async () => {
    expect((await term.run('stty size')).trim()).toBe('30 100');
    await requestOk(client, 'terminal:resize', { terminalId: term.terminalId, cols: 120, rows: 40 });
    expect((await term.run('stty size')).trim()).toBe('40 120');
  });

  it('opens a second terminal in the same sandbox', async () => {
    const { terminalId } = await requestOk(client, 'terminal:open', { sessionId: term.session.sessionId, name: 'two', cols: 80, rows: 24 });
    expect(terminalId).not.toBe(term.terminalId);
    const marker = `file-${Date.now()}`;
    await term.run(`touch /tmp/${marker}`);
    const second = new Promise<string>((resolve) => {
      let text = '';
      client.stream.onOutput(({ terminalId: id, data }) => {
        if (id !== terminalId) return;
        text += Buffer.from(data).toString();
        if (text.includes(`found-${marker}`)) resolve(text);
      });
    });
    client.stream.input(terminalId, `ls /tmp/${marker} && echo found-""${marker}\r`);
    expect(await second).toContain(`found-${marker}`);
  });

  it('starts a fresh sandbox when the learner kills every process in it', async () => {
    const notices: string[] = [];
    client.on('server:notice', (n) => notices.push(n.error.message));
    await term.run('touch /root/precious');
    term.type('kill -9 -1\r');
    await waitUntil(() => term.exit !== null, 'the shell to end', 10_000);
    const again = await TerminalClient.reopen(term, 'one');
    expect((await again.run('ls /root/precious 2>&1')).trim()).toMatch(/No such file/);
    expect(notices.some((n) => n.includes('fresh sandbox'))).toBe(true);
  });
});
