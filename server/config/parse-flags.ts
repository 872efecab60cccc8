// Parses `--name value`, `--name=value` and bare boolean `--name` flags against a list of known names.
import { err, ok, type Result } from '../../core/result';

/** Flags that never take a value. */
const SWITCHES = new Set(['--dev', '--api-only', '--workshop']);

export function parseFlags(argv: readonly string[], known: readonly string[]): Result<Record<string, string | true>, string> {
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) return err(`nslab: unexpected argument "${arg}"; flags look like --port 3000`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!known.includes(name)) return err(`nslab: unknown flag ${name}; known flags: ${known.join(' ')}`);
    if (eq !== -1) flags[name] = arg.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') && !SWITCHES.has(name)) flags[name] = argv[++i]!;
    else flags[name] = true;
  }
  return ok(flags);
}
