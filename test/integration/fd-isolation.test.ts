// No descriptor of the lab server reaches a sandbox: learner B's processes hold no pty master, and cannot type into learner A's terminal through one.
import { readdirSync, readlinkSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, newLearnerCookie, startTestLab, whenConnected, type LabClient, type TestLab } from '../support/lab';
import { TerminalClient } from '../support/terminal-client';

let lab: TestLab;
const clients: LabClient[] = [];

beforeAll(async () => {
  lab = await startTestLab();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await lab?.dispose();
});

async function learner(): Promise<TerminalClient> {
  const client = connectClient(lab, { cookie: newLearnerCookie() });
  clients.push(client);
  await whenConnected(client);
  return TerminalClient.open(client, 'uts');
}

/** Every open descriptor of the processes running as a host uid of [from, to), as "pid comm: fd -> target". */
function descriptorsOf(from: number, to: number): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      if (!(uid >= from && uid < to)) continue;
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      for (const fd of readdirSync(`/proc/${entry}/fd`)) found.push(`${entry} ${comm}: ${fd} -> ${readlinkSync(`/proc/${entry}/fd/${fd}`)}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe("the server's descriptors", () => {
  let a: TerminalClient;
  let b: TerminalClient;

  beforeAll(async () => {
    a = await learner();
    b = await learner();
  });

  it("reach no sandbox: no sandboxed process holds a pty master (A's terminal's is among the server's), B's shell only its own terminal", async () => {
    // Every sandbox of this lab: A's, B's, and any warm one started meanwhile.
    const held = descriptorsOf(lab.uidRange.uidBase, lab.uidRange.uidLimit);
    expect(held.length).toBeGreaterThan(0);
    expect(held.filter((d) => d.endsWith('-> /dev/ptmx'))).toEqual([]);
    // B's shell has descriptors 0-2 (its terminal) and bash's own copy of it (255), nothing else.
    expect((await b.run('ls /proc/$$/fd | sort -n | tr "\\n" " "')).trim()).toBe('0 1 2 255');
  });

  it("so B cannot type into A's shell through any descriptor it has", async () => {
    const marker = `typed-by-b-${process.pid}`;
    await b.run(`for fd in $(ls /proc/$$/fd); do { echo "echo ${marker}" >&$fd; } 2>/dev/null; done; true`);
    // A's shell reads its input in order: anything B typed into it would have come before this.
    await a.run('echo a-is-alone');
    expect(a.output).not.toContain(marker);
  });
});
