// deploy/kubernetes/ rendered offline with `kubectl kustomize`: valid against the Kubernetes API's schemas, and saying what the lab needs (probes, privileges with their reasons, affinity on the learner cookie, configuration the lab reads).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEARNER_COOKIE } from '../../server/http/access';
import { find, renderKustomize, type KubeObject } from './render-kustomize';
import { schemaErrors, typeErrors } from './kubernetes-schema';

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'deploy/kubernetes');

type Probe = { httpGet?: { path?: string; port?: string | number } };
type EnvVar = { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath?: string }; secretKeyRef?: { name?: string; key?: string; optional?: boolean } } };
type Container = {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name?: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: Record<string, unknown>;
};
type PodSpec = Record<string, unknown> & {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  affinity?: { podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { topologyKey: string; labelSelector?: { matchLabels?: Record<string, string> } }[] } };
};
type StatefulSet = KubeObject & {
  spec: { serviceName: string; replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
};
type Service = KubeObject & { spec: { clusterIP?: string; selector: Record<string, string>; ports: { name: string; port: number; targetPort: string | number }[] } };
type Ingress = KubeObject & {
  metadata: { annotations: Record<string, string> };
  spec: { rules: { http: { paths: { path: string; backend: { service: { name: string; port: { name?: string } } } }[] } }[] };
};

/** Environment variable names the lab's configuration reads: every quoted NSLAB_… or PORT/HOST in server/config/. */
function configNames(): Set<string> {
  const dir = path.join(ROOT, 'server/config');
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  return new Set([...text.matchAll(/'((?:NSLAB_[A-Z0-9_]+)|PORT|HOST)'/g)].map((m) => m[1]!));
}

/** The comment written above `key` in a YAML map of the source (a map's first key shares the map's own comment). */
function commentAbove(map: YAMLMap, key: string): string {
  const index = map.items.findIndex((p) => isScalar(p.key) && p.key.value === key);
  if (index === -1) throw new Error(`no key ${key} in the source`);
  const pair = map.items[index]!;
  return ((isScalar(pair.key) ? pair.key.commentBefore : undefined) ?? (index === 0 ? map.commentBefore : undefined) ?? '').trim();
}

describe('deploy/kubernetes (kubectl kustomize)', () => {
  let objects: KubeObject[];
  let sts: StatefulSet;
  let pod: PodSpec;
  let node: Container;
  beforeAll(() => {
    objects = renderKustomize(DIR);
    sts = find(objects, 'StatefulSet', 'nslab') as StatefulSet;
    pod = sts.spec.template.spec;
    node = pod.containers[0]!;
  });

  it('renders a ConfigMap, a StatefulSet, a headless and a normal Service, an Ingress and a PodDisruptionBudget', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/nslab-config',
      'Ingress/nslab',
      'PodDisruptionBudget/nslab',
      'Service/nslab',
      'Service/nslab-nodes',
      'StatefulSet/nslab',
    ]);
  });

  it('every object passes its kind’s schema and has no field the API lacks', async () => {
    expect(await schemaErrors(objects)).toEqual([]);
    expect(typeErrors(objects)).toEqual([]);
  });

  it('the schema checks catch a wrong type, a wrong enum and a misspelt field', async () => {
    const broken = structuredClone(sts);
    (broken.spec as Record<string, unknown>).replicas = 'three';
    (broken.spec as Record<string, unknown>).podManagementPolicy = 'AllAtOnce';
    const [message, ...more] = await schemaErrors([broken]);
    expect(more).toEqual([]);
    expect(message).toContain('spec/replicas must be integer');
    expect(message).toContain('spec/podManagementPolicy must be equal to one of the allowed values');
    const typo = structuredClone(sts);
    const container = typo.spec.template.spec.containers[0] as Container & Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
    const errors = typeErrors([typo]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/readinesProbe.*does not exist in type 'IContainer'/);
  });

  it('probes: /readyz decides readiness, /healthz liveness and start, on the port the lab listens on', () => {
    const http = node.ports?.find((p) => p.name === 'http');
    const config = find(objects, 'ConfigMap', 'nslab-config') as KubeObject & { data: Record<string, string> };
    expect(http?.containerPort).toBe(Number(config.data.PORT));
    expect(node.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(node.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(node.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    // Kubelet and Ingress reach the pod by its address, so the lab must listen on every interface.
    expect(config.data.HOST).toBe('0.0.0.0');
  });

  it('the Ingress keeps a learner on one node by the learner cookie the lab sets, through the normal Service', () => {
    const ingress = find(objects, 'Ingress', 'nslab') as Ingress;
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/upstream-hash-by']).toBe(`$cookie_${LEARNER_COOKIE}`);
    const backend = ingress.spec.rules[0]!.http.paths[0]!.backend.service;
    const service = find(objects, 'Service', backend.name) as Service;
    expect(service.spec.clusterIP).toBeUndefined();
    expect(service.spec.ports.map((p) => p.name)).toContain(backend.port.name);
    expect(service.spec.ports.every((p) => p.targetPort === 'http')).toBe(true);
    expect(service.spec.selector).toEqual(sts.spec.template.metadata.labels);
  });

  it('the StatefulSet names its nodes through a headless Service; the disruption budget and the anti-affinity select its pods', () => {
    const headless = find(objects, 'Service', sts.spec.serviceName) as Service;
    expect(headless.spec.clusterIP).toBe('None');
    const labels = sts.spec.template.metadata.labels;
    expect(headless.spec.selector).toEqual(labels);
    expect(sts.spec.selector.matchLabels).toEqual(labels);
    const pdb = find(objects, 'PodDisruptionBudget', 'nslab') as KubeObject & { spec: { maxUnavailable: number; selector: { matchLabels: Record<string, string> } } };
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: labels } });
    const anti = pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    expect(anti).toEqual([{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } }]);
  });

  it('the kubelet kills a node only after its drain deadline', () => {
    const config = find(objects, 'ConfigMap', 'nslab-config') as KubeObject & { data: Record<string, string> };
    const drainSeconds = Number(config.data.NSLAB_DRAIN_SECONDS);
    expect(drainSeconds).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drainSeconds);
  });

  it('PostgreSQL, Redis and the token come from a Secret, the node id from the pod name, and every variable set is one the lab reads', () => {
    const env = new Map((node.env ?? []).map((e) => [e.name, e]));
    expect(env.get('NSLAB_NODE_ID')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    for (const name of ['NSLAB_DATABASE_URL', 'NSLAB_REDIS_URL', 'NSLAB_TOKEN']) expect(env.get(name)?.valueFrom).toEqual({ secretKeyRef: { name: 'nslab-external', key: name } });
    expect(env.get('NSLAB_WORKSHOP_SECRET')?.valueFrom).toEqual({ secretKeyRef: { name: 'nslab-external', key: 'NSLAB_WORKSHOP_SECRET', optional: true } });
    expect(node.envFrom).toEqual([{ configMapRef: { name: 'nslab-config' } }]);
    const config = find(objects, 'ConfigMap', 'nslab-config') as KubeObject & { data: Record<string, string> };
    const known = configNames();
    const set = [...env.keys(), ...Object.keys(config.data)];
    expect(set.filter((name) => !known.has(name))).toEqual([]);
  });

  it('runs privileged as root in the node’s pid namespace and uid space, with service links and API token off', () => {
    expect(node.securityContext).toEqual({ privileged: true, runAsUser: 0, runAsNonRoot: false, seccompProfile: { type: 'Unconfined' } });
    expect(pod).toMatchObject({ hostPID: true, hostUsers: true, enableServiceLinks: false, automountServiceAccountToken: false });
  });

  it('each privilege says why in the source, citing files that exist, and the README lists it', () => {
    const doc = parseDocument(readFileSync(path.join(DIR, 'statefulset.yaml'), 'utf8'));
    const podSource = doc.getIn(['spec', 'template', 'spec'], true);
    const securitySource = doc.getIn(['spec', 'template', 'spec', 'containers', 0, 'securityContext'], true);
    if (!isMap(podSource) || !isMap(securitySource)) throw new Error('statefulset.yaml has no pod spec or securityContext map');
    const readme = readFileSync(path.join(DIR, 'README.md'), 'utf8');
    const reasons = [
      ...['hostPID', 'hostUsers', 'enableServiceLinks', 'automountServiceAccountToken', 'terminationGracePeriodSeconds', 'affinity'].map((k) => [k, commentAbove(podSource, k)] as const),
      ...Object.keys(node.securityContext ?? {}).map((k) => [k, commentAbove(securitySource, k)] as const),
    ];
    for (const [key, why] of reasons) {
      expect(why, `${key} has no comment saying why`).not.toBe('');
      for (const cited of why.match(/server\/[\w./-]+\.ts/g) ?? []) expect(existsSync(path.join(ROOT, cited)), `${key} cites ${cited}, which does not exist`).toBe(true);
    }
    for (const key of ['privileged', 'runAsUser', 'seccompProfile', 'hostPID', 'hostUsers']) expect(readme, `README.md does not explain ${key}`).toContain(`\`${key}`);
  });
});
