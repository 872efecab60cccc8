// What a terminal printed between two settles, as lines, with the command each line came from.

/**
 * A shell prompt as the lab's shells print it: `root@lab:~# `, `learner@lab:~$ `, dash's `# `,
 * busybox's `~ # ` and `/mnt # `. The prompt is short and made of name, host and path characters.
 */
const PROMPT = /^[\w.@:~/\-[\] ]{0,80}?[#$] (\S.*)$/;

/** Applies backspaces the way the screen did (line editing echoes `x\b \b`). */
function applyBackspaces(line: string): string {
  if (!line.includes('\b')) return line;
  const out: string[] = [];
  for (const c of line) {
    if (c === '\b') out.pop();
    else out.push(c);
  }
  return out.join('');
}

export class SettledOutput {
  readonly lines: readonly string[];

  constructor(
    /** The terminal's name (e.g. `one`). */
    readonly terminal: string,
    /** What it printed since the last settle, escape sequences already stripped. */
    text: string,
  ) {
    this.lines = text.split('\n').map((l) => applyBackspaces(l).replace(/\s+$/, ''));
  }

  /** The command typed at a prompt line, or null when the line is no prompt. */
  static commandOf(line: string): string | null {
    return PROMPT.exec(line)?.[1]?.trim() ?? null;
  }

  /** The last line matching `pattern`, with its index and match. */
  last(pattern: RegExp): { index: number; match: RegExpExecArray } | null {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const match = pattern.exec(this.lines[i]!);
      if (match) return { index: i, match };
    }
    return null;
  }

  /**
   * The command whose output line `index` is: the nearest prompt line above it, else the first
   * line of the output (the echo of what was typed, when the prompt came before the last settle).
   */
  commandBefore(index: number): string | null {
    for (let i = index - 1; i >= 0; i--) {
      const command = SettledOutput.commandOf(this.lines[i]!);
      if (command !== null) return command;
    }
    const first = this.lines[0]?.trim();
    return index > 0 && first ? first : null;
  }

  /** Every command typed in this output, with the index of its line. */
  commands(): { index: number; command: string }[] {
    const found: { index: number; command: string }[] = [];
    this.lines.forEach((line, index) => {
      const command = SettledOutput.commandOf(line) ?? (index === 0 && line.trim() ? line.trim() : null);
      if (command) found.push({ index, command });
    });
    return found;
  }
}

/** The words of a command line, quotes removed (enough to find paths and flags, not a shell parser). */
export const words = (command: string): string[] => (command.match(/'[^']*'|"[^"]*"|[^\s;|&<>]+/g) ?? []).map((w) => w.replace(/^['"]|['"]$/g, ''));
