// The layers as folders, checked: no circle of imports (type-only ones count), and each folder imports only downward.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
/** The folders whose files form the graph (paths relative to the repository root). */
const LAYERS = ['core', 'server', 'components', 'app'];
const SOURCE = /\.(ts|tsx)$/;
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/**
 * app/ holds Next.js server components: a page reads the lesson catalogue from disk while it
 * renders, so it may use the lesson loader (and nothing else of the server's).
 */
const APP_MAY_IMPORT = new Set(['server/lessons/load-lessons.ts']);

type Graph = Map<string, string[]>;

/** Relative imports that name no file (the compiler reports them too; here they would hide an edge). */
const unresolved: string[] = [];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** A relative specifier resolved to a file of the repository (or null: a package, or not found). */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    const full = path.join(ROOT, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  unresolved.push(`${from} → '${specifier}'`);
  return null;
}

/** Every `import … from`, `import type … from`, `export … from`, `import '…'` and `import('…')`, as the compiler's pre-processor sees them (comments and strings skipped). */
function importsOf(file: string): { specifier: string; target: string | null }[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => ({ specifier: fileName, target: resolve(file, fileName) }));
}

function buildGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of LAYERS.flatMap(sourceFiles)) {
    graph.set(
      file,
      importsOf(file).flatMap(({ target }) => (target ? [target] : [])),
    );
  }
  return graph;
}

/** The circles of imports: for each file in a knot (a strongly connected component of more than one file, or a file importing itself), the shortest circle through it, each circle once, as a path back to its start. */
export function findCycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  const circles = new Map<string, string[]>();
  for (const component of components) {
    const members = new Set(component);
    for (const start of [...members].sort()) {
      const circle = circleThrough(graph, members, start);
      // The same circle found from another of its files: keep it once, starting at its first file by name.
      const open = circle.slice(0, -1);
      const first = open.indexOf([...open].sort()[0]!);
      const rotated = [...open.slice(first), ...open.slice(0, first)];
      circles.set(rotated.join('\n'), [...rotated, rotated[0]!]);
    }
  }
  return [...circles.values()];
}

/** The shortest path from `start` back to itself, staying inside its component. */
function circleThrough(graph: Graph, members: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const between: string[] = [];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at)) between.unshift(at);
        return [start, ...between, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...members];
}

const within = (file: string, folder: string) => file.startsWith(`${folder}/`);

function violations(graph: Graph): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const edge = `${file} → ${target}`;
      if (within(file, 'core') && !within(target, 'core')) found.push(`${edge}: core/ imports nothing outside core/`);
      if (within(file, 'components') && within(target, 'server')) found.push(`${edge}: components/ never import server/`);
      if (within(file, 'app') && within(target, 'server') && !APP_MAY_IMPORT.has(target)) found.push(`${edge}: app/ imports only the lesson loader of server/`);
      if (within(file, 'server/workshop') && (within(target, 'server/http') || within(target, 'server/socket'))) {
        found.push(`${edge}: the workshop domain knows nothing of HTTP or sockets`);
      }
    }
  }
  for (const file of [...graph.keys()].filter((f) => within(f, 'core'))) {
    for (const { specifier } of importsOf(file)) {
      if (/^(node:|react($|\/)|react-dom|next($|\/))/.test(specifier)) found.push(`${file} → ${specifier}: core/ imports neither node:* nor React`);
    }
  }
  return found.sort();
}

describe('import graph of core/, server/, components/ and app/', () => {
  const graph = buildGraph();

  it('sees the layers (a sanity check that the walk found the files and their imports)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('server/lab-server.ts')?.length).toBeGreaterThan(5);
  });

  it('resolves every relative import to a file', () => {
    expect(unresolved, `imports of no file:\n${unresolved.join('\n')}`).toEqual([]);
  });

  it('has no circle of imports (type-only imports count)', () => {
    const circles = findCycles(graph).map((circle) => circle.join(' → '));
    expect(circles, `circles of imports:\n${circles.join('\n')}`).toEqual([]);
  });

  it('imports only downward', () => {
    const found = violations(graph);
    expect(found, `imports against the layering:\n${found.join('\n')}`).toEqual([]);
  });
});

describe('findCycles', () => {
  it('reports each circle once, as a path back to its start, and ignores a chain', () => {
    const graph: Graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'a'],
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
  });
});
