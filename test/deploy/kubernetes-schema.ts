// Checks Kubernetes objects offline against the API's own schemas (kubernetes-models: the OpenAPI schemas of about Kubernetes 1.33, compiled).
//
// Two checks, because the schemas allow what the API server would reject or silently drop:
// - the schema validators: types, enums, required fields and formats (what `kubeconform` checks);
// - the TypeScript interfaces of the same package: a field the API does not have (a typo such as `readinesProbe`,
//   which the schemas accept, having no additionalProperties) is an excess property in an object literal.
import path from 'node:path';
import ts from 'typescript';
import type { KubeObject } from './render-kustomize';

const ROOT = path.resolve(__dirname, '../..');

/** kubernetes-models' module for an object: `apps/v1` + `StatefulSet`, or `v1` + `Service` for the core group. */
const modelPath = (o: Pick<KubeObject, 'apiVersion' | 'kind'>) => `kubernetes-models/${o.apiVersion}/${o.kind}`;

type Model = { validate(): void };
type ModelModule = Record<string, (new (data: unknown) => Model) | undefined>;

/** Each object that breaks its kind's schema, with the validator's message; an unknown kind is an error too. */
export async function schemaErrors(objects: readonly KubeObject[]): Promise<string[]> {
  const errors: string[] = [];
  for (const o of objects) {
    const where = `${o.kind} ${o.metadata.name}`;
    let Model: ModelModule[string];
    try {
      Model = ((await import(modelPath(o))) as ModelModule)[o.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      errors.push(`${where}: no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      errors.push(`${where}: ${(e as Error).message}`);
    }
  }
  return errors;
}

/** Type-checks each object as an object literal of its kind's interface; the compiler's messages, one per problem. */
export function typeErrors(objects: readonly KubeObject[]): string[] {
  const file = path.join(ROOT, 'test/deploy/rendered-objects.generated.ts');
  const source = objects.map((o, i) => `import type { I${o.kind} as T${i} } from '${modelPath(o)}';\nexport const o${i}: T${i} = ${JSON.stringify(o, null, 2)};\n`).join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  // The objects' file exists only in memory; everything else (the package's .d.ts files) comes from disk.
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.getSourceFile = (name, version, onError, create) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, onError, create));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const line = at && d.file === program.getSourceFile(file) ? ` (line ${at.line + 1}: ${source.split('\n')[at.line]?.trim()})` : '';
    return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')}${line}`;
  });
}
