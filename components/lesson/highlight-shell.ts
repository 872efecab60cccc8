// A tiny shell tokenizer for lesson code blocks: enough of sh(1) syntax to colour commands, never to run them.
//
// It never fails and never drops a character: joining the tokens' text gives back the source exactly,
// so whatever it misreads (heredocs, `case` patterns) only looks plain.

export type ShellTokenKind = 'command' | 'keyword' | 'option' | 'string' | 'variable' | 'comment' | 'number' | 'operator' | 'text';
export type ShellToken = { kind: ShellTokenKind; text: string };

/** Operators after which the next word names a command (bash(1), SHELL GRAMMAR: pipelines and lists). */
const COMMAND_STARTERS = ['&&', '||', '|&', ';;', '$(', '|', ';', '&', '('];
/** Redirections: the word after them is a file name, not a command. */
const REDIRECTS = ['&>>', '&>', '>>', '>&', '<<<', '<<', '<&', '>|', '>', '<'];
/** Reserved words that may precede a command, so the next word is still one (bash(1), RESERVED WORDS). */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', '{']);
const OTHER_KEYWORDS = new Set(['fi', 'done', 'esac', 'for', 'case', 'in', 'function', 'select', '}']);
/** Characters that end an unquoted word segment. */
const WORD_END = /[\s|&;()<>`'"$]/;
/** Special parameters, `$$`, `$?`, … (bash(1), Special Parameters). */
const SPECIAL_PARAM = /^\$[$?!#@*\-0-9]/;

export function highlightShell(source: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  const push = (kind: ShellTokenKind, text: string) => {
    if (!text) return;
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };

  let i = 0;
  let commandPosition = true;
  let wordStart = true;
  let afterRedirect = false;
  let inBackticks = false;

  while (i < source.length) {
    const rest = source.slice(i);
    const c = source[i]!;

    if (c === '\n' || c === ' ' || c === '\t' || rest.startsWith('\\\n')) {
      const ws = /^(?:[ \t]|\\\n)+/.exec(rest)?.[0] ?? c;
      push('text', ws);
      if (c === '\n') commandPosition = true;
      wordStart = true;
      i += ws.length;
      continue;
    }
    if (c === '#' && wordStart) {
      const end = source.indexOf('\n', i);
      const comment = end === -1 ? rest : source.slice(i, end);
      push('comment', comment);
      i += comment.length;
      continue;
    }
    if (c === '`') {
      push('operator', c);
      inBackticks = !inBackticks;
      commandPosition = inBackticks;
      wordStart = true;
      i += 1;
      continue;
    }
    if (rest.startsWith('$((')) {
      push('operator', '$((');
      commandPosition = false;
      wordStart = true;
      i += 3;
      continue;
    }
    // Redirections first: `&>` must not read as `&`. A leading fd number belongs to them: 2>/dev/null.
    const fd = wordStart ? (/^\d+(?=[<>])/.exec(rest)?.[0] ?? '') : '';
    const redirect = REDIRECTS.find((op) => rest.startsWith(op, fd.length));
    if (redirect) {
      push('operator', fd + redirect);
      afterRedirect = true;
      wordStart = true;
      i += fd.length + redirect.length;
      continue;
    }
    const starter = COMMAND_STARTERS.find((op) => rest.startsWith(op));
    if (starter) {
      push('operator', starter);
      commandPosition = true;
      wordStart = true;
      i += starter.length;
      continue;
    }
    if (c === ')') {
      push('operator', c);
      commandPosition = false;
      wordStart = true;
      i += 1;
      continue;
    }

    // Everything else belongs to a word, possibly made of several segments: foo"bar"$baz.
    const atStart = wordStart;
    // The word after a redirection is a file name: it neither is nor ends the command name.
    const fileName = atStart && afterRedirect;
    const endsCommandName = atStart && !fileName;
    if (atStart) afterRedirect = false;
    wordStart = false;
    if (c === "'" || rest.startsWith("$'")) {
      const open = c === "'" ? 1 : 2;
      const close = source.indexOf("'", i + open);
      const end = close === -1 ? source.length : close + 1;
      push('string', source.slice(i, end));
      i = end;
      if (endsCommandName) commandPosition = false;
    } else if (c === '"') {
      i = doubleQuoted(source, i, push);
      if (endsCommandName) commandPosition = false;
    } else if (c === '$') {
      const variable = variableAt(rest);
      push(variable ? 'variable' : 'text', variable ?? '$');
      i += variable?.length ?? 1;
      if (endsCommandName) commandPosition = false;
    } else {
      let end = i;
      while (end < source.length && !WORD_END.test(source[end]!)) end += source[end] === '\\' ? 2 : 1;
      const segment = source.slice(i, Math.min(end, source.length));
      const wordEnds = end >= source.length || /[\s|&;()<>`]/.test(source[end]!);
      i += segment.length;
      if (!atStart || fileName) push('text', segment);
      else if (commandPosition) {
        const assignment = /^[A-Za-z_]\w*(?==)/.exec(segment)?.[0];
        if (assignment) {
          push('variable', assignment);
          push('text', segment.slice(assignment.length));
        } else if (wordEnds && LEADING_KEYWORDS.has(segment)) push('keyword', segment);
        else if (wordEnds && OTHER_KEYWORDS.has(segment)) {
          push('keyword', segment);
          commandPosition = false;
        } else {
          push('command', segment);
          commandPosition = false;
        }
      } else if (/^--?[A-Za-z0-9]/.test(segment)) {
        const eq = segment.indexOf('=');
        push('option', eq === -1 ? segment : segment.slice(0, eq));
        if (eq !== -1) push('text', segment.slice(eq));
      } else push(wordEnds && /^\d+(?:\.\d+)?$/.test(segment) ? 'number' : 'text', segment);
    }
  }
  return tokens;
}

/** `$NAME`, `${…}` or a special parameter at the start of `rest`, or null for a lone `$`. */
function variableAt(rest: string): string | null {
  if (rest.startsWith('${')) {
    const close = rest.indexOf('}');
    return close === -1 ? rest : rest.slice(0, close + 1);
  }
  return SPECIAL_PARAM.exec(rest)?.[0] ?? /^\$[A-Za-z_]\w*/.exec(rest)?.[0] ?? null;
}

/** A "…" string from `start`, with the variables inside it as their own tokens; returns the index after it. */
function doubleQuoted(source: string, start: number, push: (kind: ShellTokenKind, text: string) => void): number {
  let i = start + 1;
  let from = start;
  while (i < source.length && source[i] !== '"') {
    if (source[i] === '\\') {
      i += 2;
      continue;
    }
    const variable = source[i] === '$' ? variableAt(source.slice(i)) : null;
    if (variable) {
      push('string', source.slice(from, i));
      push('variable', variable);
      i += variable.length;
      from = i;
      continue;
    }
    i += 1;
  }
  const end = Math.min(i + 1, source.length);
  push('string', source.slice(from, end));
  return end;
}
