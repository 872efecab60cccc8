import { describe, expect, it } from 'vitest';
import { BASE, sampleProcess } from '../../../core/probe/sample-snapshot';
import type { NetNamespace } from '../lab-state';
import { explain, fakeLabState, spot, wordsOf } from '../fake-lab-state';
import { deviceElsewhere } from './device-elsewhere';

/** Terminal one's sh (PID 42) is the "container" in net namespace 700; terminal two is the host. */
const lab = (net: NetNamespace[]) =>
  fakeLabState([sampleProcess(1, 0, 'bwrap'), sampleProcess(3, 1, 'bash', 'one'), sampleProcess(42, 3, 'sh', 'one', { net: 700 }), sampleProcess(4, 1, 'bash', 'two')], { net });
const host = (devices: string[]): NetNamespace => ({ inode: BASE.net, pid: 1, name: null, devices: ['lo', ...devices] });
const container = (devices: string[]): NetNamespace => ({ inode: 700, pid: 42, name: null, devices: ['lo', ...devices] });

const IPROUTE = 'root@lab:~# ip link set veth-c up\nCannot find device "veth-c"';

describe('device-elsewhere', () => {
  it('spots the device in iproute2, net-tools and busybox messages', () => {
    expect(spot(deviceElsewhere, IPROUTE)).not.toBeNull();
    expect(spot(deviceElsewhere, 'root@lab:~# ip link show veth-c\nDevice "veth-c" does not exist.')).not.toBeNull();
    expect(spot(deviceElsewhere, 'root@lab:~# ifconfig veth-c up\nveth-c: ERROR while getting interface flags: No such device')).not.toBeNull();
    expect(spot(deviceElsewhere, 'root@lab:~# busybox ip link set veth-c up\nip: SIOCGIFFLAGS: No such device')).not.toBeNull();
    expect(spot(deviceElsewhere, 'root@lab:~# ip link\n1: lo: <LOOPBACK>')).toBeNull();
  });

  it('says which namespace the device is in, and runs the command there', async () => {
    const draft = await explain(deviceElsewhere, IPROUTE, lab([host(['veth-h']), container(['veth-c'])]), 'two');
    expect(draft?.title).toBe('`veth-c` is in another network namespace');
    expect(wordsOf(draft)).toContain('net:[700] of PID 42 (`sh`, Terminal 1)');
    expect(draft?.fix[0]?.command).toBe('nsenter --target 42 --net ip link set veth-c up');
  });

  it('names an `ip netns` namespace and rewrites the command with `ip -n`', async () => {
    const red: NetNamespace = { inode: 800, pid: null, name: 'red', devices: ['lo', 'veth-c'] };
    const draft = await explain(
      deviceElsewhere,
      'root@lab:~# ip -n blue link set veth-c up\nCannot find device "veth-c"',
      lab([host([]), red, { inode: 801, pid: null, name: 'blue', devices: ['lo'] }]),
      'two',
    );
    expect(wordsOf(draft)).toContain('named `red`');
    expect(draft?.fix[0]?.command).toBe('ip -n red link set veth-c up');
  });

  it('says when the device exists nowhere, and says nothing when it is right here', async () => {
    const nowhere = await explain(deviceElsewhere, IPROUTE, lab([host([]), container([])]), 'two');
    expect(nowhere?.title).toBe('`veth-c` exists in none of your network namespaces');
    expect(await explain(deviceElsewhere, IPROUTE, lab([host(['veth-c']), container([])]), 'two')).toBeNull();
    expect(await explain(deviceElsewhere, IPROUTE, lab([]), 'two')).toBeNull();
  });
});
