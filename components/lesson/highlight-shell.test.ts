// Unit tests for the shell tokenizer behind the lesson code blocks' colours.
import { describe, expect, it } from 'vitest';
import { highlightShell, type ShellTokenKind } from './highlight-shell';

/** The tokens of `source` that are not plain text or spaces, as `kind:text`. */
const marked = (source: string) =>
  highlightShell(source)
    .filter((t) => t.kind !== 'text')
    .map((t) => `${t.kind}:${t.text}`);

const ofKind = (source: string, kind: ShellTokenKind) =>
  highlightShell(source)
    .filter((t) => t.kind === kind)
    .map((t) => t.text);

describe('highlightShell', () => {
  it('gives back the source exactly, whatever it is fed', () => {
    const samples = [
      'hostname\nreadlink /proc/$$/ns/uts',
      "unshare --uts sh -c 'hostname foo; hostname'",
      "nsenter --target $(lsns -t uts -n -o PID,NS | grep -v $(stat -Lc %i /proc/$$/ns/uts) | awk '{print $1}') --uts hostname",
      'echo "unterminated $HOME',
      "echo 'unterminated",
      'a=1 b=${x:-y} cmd 2>&1 >>/tmp/log & echo `date` \\\n  --flag # done',
      'for i in 1 2 3; do echo $i; done',
      '',
      '$',
      'trailing backslash \\',
    ];
    for (const source of samples) {
      expect(
        highlightShell(source)
          .map((t) => t.text)
          .join(''),
      ).toBe(source);
    }
  });

  it('marks the first word of each command as a command', () => {
    expect(ofKind('hostname\nreadlink /proc/$$/ns/uts', 'command')).toEqual(['hostname', 'readlink']);
    expect(ofKind('ps -e | grep bash; id && whoami || true & sleep 1', 'command')).toEqual(['ps', 'grep', 'id', 'whoami', 'true', 'sleep']);
    expect(ofKind('echo $(hostname) `uname -n` done', 'command')).toEqual(['echo', 'hostname', 'uname']);
  });

  it('marks options, with a value after = left plain', () => {
    expect(marked('unshare --uts -f bash')).toEqual(['command:unshare', 'option:--uts', 'option:-f']);
    expect(marked('lsns --output=PID,NS')).toEqual(['command:lsns', 'option:--output']);
    expect(ofKind('echo - --', 'option')).toEqual([]);
  });

  it('marks single- and double-quoted strings, and variables inside double quotes', () => {
    expect(marked(`sh -c 'hostname foo; hostname'`)).toEqual(['command:sh', 'option:-c', "string:'hostname foo; hostname'"]);
    expect(marked('echo "pid $$ in ${NS}!"')).toEqual(['command:echo', 'string:"pid ', 'variable:$$', 'string: in ', 'variable:${NS}', 'string:!"']);
  });

  it('marks variables: $$, $?, $1, $NAME and ${…}', () => {
    expect(ofKind('echo $$ $? $1 $HOME ${PATH%%:*} $', 'variable')).toEqual(['$$', '$?', '$1', '$HOME', '${PATH%%:*}']);
  });

  it('marks comments only where a word starts', () => {
    expect(marked('ls # list it')).toEqual(['command:ls', 'comment:# list it']);
    expect(ofKind('echo a#b $#', 'comment')).toEqual([]);
    expect(marked('# first\nid')).toEqual(['comment:# first', 'command:id']);
  });

  it('marks whole numbers, not digits inside words or paths', () => {
    expect(ofKind('seq 1000 | head -n 5', 'number')).toEqual(['1000', '5']);
    expect(ofKind('cat /proc/1/status v2', 'number')).toEqual([]);
  });

  it('treats assignments, keywords and redirections as not being the command', () => {
    expect(marked('LANG=C sort')).toEqual(['variable:LANG', 'command:sort']);
    expect(ofKind('if true; then echo yes; fi', 'keyword')).toEqual(['if', 'then', 'fi']);
    expect(ofKind('if true; then echo yes; fi', 'command')).toEqual(['true', 'echo']);
    expect(marked('cmd 2>/dev/null')).toEqual(['command:cmd', 'operator:2>']);
    expect(marked('>out.txt echo hi')).toEqual(['operator:>', 'command:echo']);
  });

  it('reads $((…)) as arithmetic, not a command', () => {
    expect(marked('echo $((6*7))')).toEqual(['command:echo', 'operator:$((', 'operator:))']);
  });
});
