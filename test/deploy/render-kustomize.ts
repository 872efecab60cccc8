// Renders a kustomize directory with `kubectl kustomize` (no cluster needed) into plain objects.
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object, as kubectl printed it. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; [key: string]: unknown }; [key: string]: unknown };

const isKubeObject = (value: unknown): value is KubeObject => {
  const o = value as Partial<KubeObject> | null;
  return typeof o === 'object' && o !== null && typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof o.metadata?.name === 'string';
};

/** Throws with what to install when kubectl is missing, and with kubectl's own message when the directory does not render. */
export function renderKustomize(dir: string): KubeObject[] {
  const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (run.error) throw new Error(`kubectl could not run (${run.error.message}): apt-get install -y kubernetes-client`);
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${run.stderr.trim()}`);
  return parseAllDocuments(run.stdout).map((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`document ${i} of the rendering is not YAML: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (!isKubeObject(value)) throw new Error(`document ${i} of the rendering is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    return value;
  });
}

/** The one object of `kind` named `name`; throws when there is none. */
export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendering (it has ${objects.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')})`);
  return found;
}
