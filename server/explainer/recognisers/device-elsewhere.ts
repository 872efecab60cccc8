// A network device looked for in one network namespace while it is in another (or nowhere): says where it is.
import type { ProbeProcess } from '../../../core/probe/probe-schema';
import { manPage } from '../man-pages';
import { describeProcess, localPid, nsName } from '../process-words';
import type { NetNamespace } from '../lab-state';
import type { Recogniser } from '../recogniser';

/**
 * iproute2 `Cannot find device "veth-c"` and `Device "veth-c" does not exist.`, net-tools
 * `veth-c: ERROR while getting interface flags: No such device`; busybox `ip: SIOCGIFFLAGS: No such
 * device` names no device, so the command line does.
 */
const NOT_FOUND = /(?:Cannot find device "([^"]+)"|Device "([^"]+)" does not exist\.?|^(\S+): ERROR while getting interface \w+: No such device|^(?:ip|ifconfig): SIOCGIF\w+: No such device)$/;
const DEVICE_IN_COMMAND = /\b(?:dev|link\s+(?:set|show|del|delete)(?:\s+dev)?|ifconfig)\s+([\w.@-]+)/;
/** `ip -n NAME …` and `ip netns exec NAME …` look in a named namespace, not the shell's. */
const NAMED_NS = /\bip\s+(?:-n|-netns|--netns)\s+(\S+)|\bip\s+netns\s+exec\s+(\S+)/;

export const deviceElsewhere: Recogniser = {
  name: 'device-elsewhere',
  spot(output) {
    const found = output.last(NOT_FOUND);
    if (!found) return null;
    const typed = output.commandBefore(found.index) ?? '';
    const device = found.match[1] ?? found.match[2] ?? found.match[3] ?? DEVICE_IN_COMMAND.exec(typed)?.[1];
    if (!device) return null;
    const named = NAMED_NS.exec(typed);
    const lookedInName = named ? (named[1] ?? named[2] ?? null) : null;
    return async (state) => {
      const tree = await state.tree();
      const shell = tree?.foreground(output.terminal);
      if (!tree || !shell) return null;
      // One process per network namespace is enough to look inside it.
      const holders = new Map<number, ProbeProcess>();
      for (const p of [...tree.processes].sort((a, b) => tree.depth(a) - tree.depth(b))) {
        if (p.ns.net !== undefined && !holders.has(p.ns.net)) holders.set(p.ns.net, p);
      }
      const spaces = await state.netNamespaces([...holders.values()].map((p) => p.pid));
      const lookedIn = lookedInName ? spaces.find((s) => s.name === lookedInName) : spaces.find((s) => s.inode === shell.ns.net);
      // Without the namespace the command looked in, the lab cannot tell; with the device there, the message was not the kernel's.
      if (!lookedIn || lookedIn.devices.includes(device)) return null;
      const sandboxOwn = (s: NetNamespace) => (s.inode === tree.baseline('net') ? " (the sandbox's own)" : '');
      const where = (s: NetNamespace): string => {
        const holder = s.pid === null ? undefined : tree.processes.find((p) => p.pid === s.pid);
        const parts = [holder ? `of ${describeProcess(tree, holder, shell, state.terminalTitle)}` : null, s.name ? `named \`${s.name}\` by \`ip netns\`` : null];
        return `the network namespace ${nsName('net', s.inode)}${sandboxOwn(s)} ${parts.filter(Boolean).join(', ')}`.trim();
      };
      const elsewhere = spaces.filter((s) => s !== lookedIn && s.devices.includes(device));
      const lookedInWords = lookedInName ? where(lookedIn) : `this shell's network namespace, ${nsName('net', lookedIn.inode)}${sandboxOwn(lookedIn)}`;
      const man = manPage('network_namespaces(7)', 'virtual network (veth(4)) device pair');
      if (elsewhere.length === 0) {
        return {
          id: 'device-elsewhere',
          title: `\`${device}\` exists in none of your network namespaces`,
          body: [`No network namespace of your sandbox has a device named \`${device}\`: not ${lookedInWords}, nor any other.`],
          why: [
            `\`${device}\` was never created, or it went away: a veth pair is destroyed as soon as the namespace of either end is freed (the last process in it ended, or its \`ip netns\` name was deleted).`,
          ],
          fix: [
            { say: 'List the devices that are here:', command: 'ip -br link' },
            { say: 'Create a veth pair, both ends here, then move one end where it belongs:', command: `ip link add ${device === 'veth-h' ? 'veth-c' : 'veth-h'} type veth peer name ${device}` },
          ],
          man,
        };
      }
      const target = elsewhere[0]!;
      const holder = target.pid === null ? undefined : tree.processes.find((p) => p.pid === target.pid);
      const pid = holder ? localPid(tree, holder, shell) : null;
      const inTarget =
        target.name && typed.startsWith('ip ')
          ? typed.replace(/^ip\s+(?:(?:-n|-netns|--netns)\s+\S+\s+)?/, `ip -n ${target.name} `)
          : pid !== null && !named
            ? `nsenter --target ${pid} --net ${typed}`
            : null;
      return {
        id: 'device-elsewhere',
        title: `\`${device}\` is in another network namespace`,
        body: [`\`${device}\` is in ${where(target)}: not in ${lookedInWords}, where this command looked.`],
        why: [`A network device lives in exactly one network namespace at a time; \`ip link set ${device} netns …\` moves it, and from then on only commands run in its new namespace can see it.`],
        fix: [
          ...(inTarget ? [{ say: 'Run the command in the namespace the device is in:', command: inTarget }] : []),
          { say: 'List the network namespaces, with a process in each:', command: 'lsns -t net' },
        ],
        man,
      };
    };
  },
};
