// The server's configuration: environment variables and flags, validated once at start with messages that say how to fix them.
import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../core/result';
import { defaultCpusPerSandbox } from '../machine/sandbox-options';
import { MIN_CPUS } from '../machine/sandbox/cgroups/cpu';
import { parseFlags } from './parse-flags';
import { proxyEntryProblem } from './trusted-proxies';

const MiB = 1024 * 1024;
/** Warm sandboxes of a lab for one learner or a few (in sandboxes): enough for a reload or a second lesson. */
const WARM_SANDBOXES = 2;
/**
 * Warm sandboxes of a workshop (in sandboxes): a room that opens the first lesson together, each
 * learner's sandbox already started (about 1.3 MiB of memory each while idle). A room that starts
 * together on a two-CPU machine waits seconds for cold starts, well under a second for warm ones.
 */
const WORKSHOP_WARM_SANDBOXES = 50;
/** Highest NSLAB_CPUS taken (in CPUs): beyond any machine's count, so a larger figure is a typo. */
const MAX_CPUS = 1024;

function isPostgresUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // The host may be empty (postgresql:///nslab?host=/run/postgresql: a unix socket), the scheme may not.
    return (u.protocol === 'postgresql:' || u.protocol === 'postgres:') && url.startsWith(`${u.protocol}//`);
  } catch {
    return false;
  }
}

/** A Redis URL as node-redis takes it (redis://, rediss:// for TLS), or unix:///path/to/redis.sock for a local socket. */
function isRedisUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'unix:') return url.startsWith('unix:///') && u.pathname.length > 1;
    return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
  } catch {
    return false;
  }
}

const intFrom = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const ConfigSchema = z.object({
  port: intFrom('PORT', 0, 65535).default(3000),
  host: z.string().min(1, 'HOST must be an address such as 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
  /** Where shells run: sandbox, host, vagrant, or ssh://[user@]host[:port] (checked further when the machine is made). */
  machine: z
    .string()
    .refine((m) => ['sandbox', 'host', 'vagrant'].includes(m) || m.startsWith('ssh://'), {
      error:
        'NSLAB_MACHINE must be "sandbox" (default, isolated), "vagrant" (the VM in vagrant/), "ssh://[user@]host[:port]" (any Linux host over SSH) or "host" (no isolation; only inside a throwaway VM)',
    })
    .default('sandbox'),
  /** Private key for the ssh machine (default: ssh's own keys and agent). */
  sshKey: z.string().min(1).optional(),
  /** The directory with the Vagrantfile, for the vagrant machine (default: vagrant/ of the project). */
  vagrantDir: z.string().min(1).optional(),
  /** Longest the vagrant machine waits for `vagrant up` (in minutes). */
  vagrantTimeoutMinutes: intFrom('NSLAB_VAGRANT_TIMEOUT_MINUTES', 1, 240).default(20),
  dataDir: z.string().min(1).default('data'),
  /** PostgreSQL for the state every node shares (learners, progress, names); unset: SQLite in the data directory. */
  databaseUrl: z
    .string()
    .refine(isPostgresUrl, {
      error: 'NSLAB_DATABASE_URL must be a PostgreSQL URL such as postgresql://user:password@host:5432/nslab (or postgres://…); leave it unset to keep progress in SQLite in NSLAB_DATA_DIR',
    })
    .optional(),
  /** Redis for the events between nodes (the instructor's view of every node, peeks, ending sessions); unset: one node on its own. */
  redisUrl: z
    .string()
    .refine(isRedisUrl, {
      error: 'NSLAB_REDIS_URL must be a Redis URL such as redis://:password@redis:6379 (rediss:// for TLS, unix:///run/redis/redis.sock for a local socket); leave it unset for a lab of one node',
    })
    .optional(),
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, 'NSLAB_TOKEN must be 16–128 letters, digits, "-" or "_"; leave it unset to have one generated')
    .optional(),
  dev: z.boolean().default(false),
  /** Workshop mode: listen on every interface; learners join with a code, the instructor with the token. */
  workshop: z.boolean().default(false),
  /** The one join code of the workshop (generated when unset). */
  joinCode: z
    .string()
    .regex(/^[A-Za-z0-9_-]{6,64}$/, 'NSLAB_JOIN_CODE must be 6–64 letters, digits, "-" or "_"; leave it unset to have one generated')
    .optional(),
  /**
   * The secret every node of one workshop shares: the join code and the instructor token are derived from it
   * (NSLAB_JOIN_CODE and NSLAB_TOKEN still win), so a learner who joined on one node is joined on all.
   */
  workshopSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,256}$/, 'NSLAB_WORKSHOP_SECRET must be 32–256 letters, digits, "-" or "_" (e.g. the output of `openssl rand -base64 32 | tr +/ -_ | tr -d =`)')
    .optional(),
  /** This node's name among the lab's nodes (which node holds a learner's sandbox); default: the host name. */
  nodeId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'NSLAB_NODE_ID must be 1–63 letters, digits, ".", "-" or "_", starting with a letter or digit (e.g. the pod name); leave it unset for the host name')
    .optional(),
  /**
   * Balancers whose X-Forwarded-For names the client (comma-separated IP addresses or CIDR ranges, IPv4 or IPv6):
   * wrong guesses count per learner, not per balancer.
   */
  trustedProxies: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    )
    .superRefine((list, ctx) => {
      const problems = list.map(proxyEntryProblem).filter((p) => p !== null);
      if (problems.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `NSLAB_TRUSTED_PROXIES must be IP addresses or CIDR ranges separated by commas (e.g. 10.0.0.2,10.0.0.0/8,fd00::/8): ${problems.join('; ')}`,
        });
      }
    })
    .default([]),
  /** How long SIGTERM lets the learners of a draining node leave before their sessions are closed (in seconds; 0: close at once). */
  drainSeconds: intFrom('NSLAB_DRAIN_SECONDS', 0, 24 * 60 * 60).default(0),
  /** Serve only the socket API, no web pages (scripted clients, tests of the server process). */
  apiOnly: z.boolean().default(false),
  /** Process cap per sandbox (pids cgroup). */
  pidsMax: intFrom('NSLAB_PIDS_MAX', 16, 4096).default(128),
  /** Memory cap per sandbox, tmpfs pages included (in MiB). */
  memoryMb: intFrom('NSLAB_MEMORY_MB', 32, 16384).default(256),
  /** CPU cap per sandbox (in CPUs, fractions allowed; default: half the host's CPUs, at least 0.5). Every sandbox has the same CPU weight. */
  cpus: z.coerce
    .number({ error: 'NSLAB_CPUS must be a number of CPUs per sandbox, such as 0.5 or 2' })
    .refine(Number.isFinite, 'NSLAB_CPUS must be a number of CPUs per sandbox, such as 0.5 or 2')
    .min(MIN_CPUS, `NSLAB_CPUS must be at least ${MIN_CPUS} (the kernel's smallest CPU quota)`)
    .max(MAX_CPUS, `NSLAB_CPUS must be at most ${MAX_CPUS}`)
    .optional(),
  /** Size cap of each writable tmpfs in a sandbox: /root, /tmp, /home, /run, /var, /dev/shm (in MiB). */
  tmpfsMb: intFrom('NSLAB_TMPFS_MB', 1, 4096).default(64),
  /** Live sessions (each one sandbox) the server holds at once. */
  maxSessions: intFrom('NSLAB_MAX_SESSIONS', 1, 2000).default(250),
  /**
   * Sandboxes kept started ahead of demand, so a lesson opens without waiting for one (0: none).
   * Default: WARM_SANDBOXES, or in a workshop WORKSHOP_WARM_SANDBOXES (at most maxSessions).
   */
  warmSandboxes: intFrom('NSLAB_WARM_SANDBOXES', 0, 2000).optional(),
  /** Trace the sandboxes' namespace-related system calls for the syscall timeline (bpftrace as root); false: the timeline says it is off. */
  syscallTracer: z.boolean().default(true),
  /** Terminals one session may have open at once. */
  maxTerminalsPerSession: intFrom('NSLAB_MAX_TERMINALS', 1, 16).default(4),
  /** Lessons (sessions) one learner may have open at once. */
  maxSessionsPerLearner: intFrom('NSLAB_MAX_SESSIONS_PER_LEARNER', 1, 50).default(3),
  /** A session nobody uses is closed after this long (in minutes; fractions allowed). */
  idleMinutes: z.coerce
    .number({ error: 'NSLAB_IDLE_MINUTES must be a number of minutes' })
    .min(0.01, 'NSLAB_IDLE_MINUTES must be more than 0')
    .max(7 * 24 * 60, 'NSLAB_IDLE_MINUTES must be at most a week')
    .default(30),
});

export type Config = Omit<z.infer<typeof ConfigSchema>, 'dataDir' | 'cpus' | 'warmSandboxes' | 'nodeId'> & {
  /** NSLAB_NODE_ID, or the host name. */
  nodeId: string;
  /** Sandboxes kept started ahead of demand: NSLAB_WARM_SANDBOXES, or the default for the mode. */
  warmSandboxes: number;
  /** Absolute path of the data directory. */
  dataDir: string;
  /** CPU cap per sandbox (in CPUs): NSLAB_CPUS, or defaultCpusPerSandbox() of this host. */
  cpus: number;
  memoryBytes: number;
  tmpfsBytes: number;
  idleTimeoutMs: number;
};

/** Environment variable (or flag) behind each config field, for error messages and the README table. */
const SOURCES = {
  port: ['PORT', '--port'],
  host: ['HOST', '--host'],
  machine: ['NSLAB_MACHINE', '--machine'],
  sshKey: ['NSLAB_SSH_KEY', '--ssh-key'],
  vagrantDir: ['NSLAB_VAGRANT_DIR', '--vagrant-dir'],
  vagrantTimeoutMinutes: ['NSLAB_VAGRANT_TIMEOUT_MINUTES', '--vagrant-timeout-minutes'],
  dataDir: ['NSLAB_DATA_DIR', '--data-dir'],
  databaseUrl: ['NSLAB_DATABASE_URL', '--database-url'],
  redisUrl: ['NSLAB_REDIS_URL', '--redis-url'],
  token: ['NSLAB_TOKEN', '--token'],
  dev: [null, '--dev'],
  workshop: ['NSLAB_WORKSHOP', '--workshop'],
  joinCode: ['NSLAB_JOIN_CODE', '--join-code'],
  workshopSecret: ['NSLAB_WORKSHOP_SECRET', '--workshop-secret'],
  nodeId: ['NSLAB_NODE_ID', '--node-id'],
  drainSeconds: ['NSLAB_DRAIN_SECONDS', '--drain-seconds'],
  trustedProxies: ['NSLAB_TRUSTED_PROXIES', '--trusted-proxies'],
  apiOnly: ['NSLAB_API_ONLY', '--api-only'],
  pidsMax: ['NSLAB_PIDS_MAX', '--pids-max'],
  memoryMb: ['NSLAB_MEMORY_MB', '--memory-mb'],
  cpus: ['NSLAB_CPUS', '--cpus'],
  tmpfsMb: ['NSLAB_TMPFS_MB', '--tmpfs-mb'],
  maxSessions: ['NSLAB_MAX_SESSIONS', '--max-sessions'],
  warmSandboxes: ['NSLAB_WARM_SANDBOXES', '--warm-sandboxes'],
  syscallTracer: ['NSLAB_SYSCALL_TRACER', '--syscall-tracer'],
  maxTerminalsPerSession: ['NSLAB_MAX_TERMINALS', '--max-terminals'],
  maxSessionsPerLearner: ['NSLAB_MAX_SESSIONS_PER_LEARNER', '--max-sessions-per-learner'],
  idleMinutes: ['NSLAB_IDLE_MINUTES', '--idle-minutes'],
} as const satisfies Record<keyof z.infer<typeof ConfigSchema>, readonly [string | null, string]>;

const BOOLEAN_FIELDS = new Set(['dev', 'apiOnly', 'workshop', 'syscallTracer']);
/** Values an error never repeats: they may hold a password. */
const SECRET_FIELDS = new Set(['databaseUrl', 'redisUrl', 'workshopSecret']);

/** Flags win over environment variables; unknown flags are an error (a typo should not be silently ignored). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[], cwd: string, hostCpus: number = availableParallelism()): Result<Config, string> {
  const flags = parseFlags(
    argv,
    Object.values(SOURCES).map(([, flag]) => flag),
  );
  if (!flags.ok) return err(flags.error);
  const raw: Record<string, unknown> = {};
  for (const [field, [envName, flag]] of Object.entries(SOURCES)) {
    const value = flags.value[flag] ?? (envName ? env[envName] : undefined);
    if (value !== undefined && value !== '') raw[field] = BOOLEAN_FIELDS.has(field) ? value === true || value === 'true' || value === '1' : value;
  }
  // A workshop serves learners on other machines: every interface, unless HOST says otherwise.
  if (raw.workshop === true && raw.host === undefined) raw.host = '0.0.0.0';
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0]) as keyof typeof SOURCES;
      const [envName, flag] = SOURCES[field] ?? [null, '?'];
      return `  ${[envName, flag].filter(Boolean).join(' / ')}: ${issue.message} (got ${SECRET_FIELDS.has(field) ? 'a value not shown, as it may hold a password' : JSON.stringify(raw[field])})`;
    });
    return err(`nslab: the configuration is not valid:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // Nodes that each generated their own secrets would each be a workshop of their own: a learner
  // joined on one node would be a stranger to the next, and the instructor's link would open one node only.
  if (c.workshop && c.redisUrl && !c.workshopSecret && !(c.joinCode && c.token)) {
    return err(
      'nslab: the configuration is not valid:\n  NSLAB_REDIS_URL with NSLAB_WORKSHOP: every node of the workshop must share its secrets; set NSLAB_WORKSHOP_SECRET (the same on every node), or both NSLAB_JOIN_CODE and NSLAB_TOKEN',
    );
  }
  return ok({
    ...c,
    nodeId: c.nodeId ?? hostname(),
    dataDir: path.resolve(cwd, c.dataDir),
    sshKey: c.sshKey && path.resolve(cwd, c.sshKey),
    vagrantDir: c.vagrantDir && path.resolve(cwd, c.vagrantDir),
    cpus: c.cpus ?? defaultCpusPerSandbox(hostCpus),
    warmSandboxes: c.warmSandboxes ?? (c.workshop ? Math.min(WORKSHOP_WARM_SANDBOXES, c.maxSessions) : WARM_SANDBOXES),
    memoryBytes: c.memoryMb * MiB,
    tmpfsBytes: c.tmpfsMb * MiB,
    idleTimeoutMs: Math.round(c.idleMinutes * 60_000),
  });
}

/** True when the server is reachable only from this machine, so no access token is needed. */
export const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
