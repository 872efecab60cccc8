// The CPU share of a sandbox: an equal weight and a cap (CFS bandwidth), on cgroup v1 (`cpu`) and v2 (`cpu.weight`, `cpu.max`).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Length of one CFS bandwidth period (in microseconds): the kernel's default. A capped sandbox
 * may run `cpus × period` of CPU time in each period, then waits for the next one
 * (Documentation/scheduler/sched-bwc.rst).
 */
export const CPU_PERIOD_US = 100_000;
/** The smallest quota the kernel accepts in a period (in microseconds); so the least cap is 0.01 CPU. */
export const MIN_CPU_QUOTA_US = 1_000;
/** The fewest CPUs a sandbox may be given: MIN_CPU_QUOTA_US / CPU_PERIOD_US. */
export const MIN_CPUS = MIN_CPU_QUOTA_US / CPU_PERIOD_US;

/**
 * The weight of every sandbox, and of the nslab/ parent among its siblings: the kernel's default on
 * each version (v1 cpu.shares 1024, v2 cpu.weight 100), written explicitly so a value left by
 * someone else cannot tilt the share. Equal weights mean busy sandboxes split the CPUs evenly
 * however many processes each runs, and all sandboxes together weigh as one default group (v1:
 * as one busy task of the root cgroup), so the lab server keeps its share when every sandbox is busy.
 */
export const CPU_SHARES_V1 = 1024;
export const CPU_WEIGHT_V2 = 100;

/** CPU time per period for a cap of `cpus` CPUs (in microseconds). */
export const cpuQuotaUs = (cpus: number): number => Math.max(MIN_CPU_QUOTA_US, Math.round(cpus * CPU_PERIOD_US));

/** v1: the session's weight and cap in its `cpu` cgroup (the period first: the quota is checked against it). */
export async function writeCpuLimitsV1(dir: string, cpus: number): Promise<void> {
  await writeFile(path.join(dir, 'cpu.shares'), String(CPU_SHARES_V1));
  await writeFile(path.join(dir, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
  await writeFile(path.join(dir, 'cpu.cfs_quota_us'), String(cpuQuotaUs(cpus)));
}

/** v2: the session's weight and cap (`cpu.max` is "quota period"). */
export async function writeCpuLimitsV2(dir: string, cpus: number): Promise<void> {
  await writeFile(path.join(dir, 'cpu.weight'), String(CPU_WEIGHT_V2));
  await writeFile(path.join(dir, 'cpu.max'), `${cpuQuotaUs(cpus)} ${CPU_PERIOD_US}`);
}

/** The nslab/ parent's weight among its siblings (no cap: an idle lab lends its CPUs to whoever is busy). */
export async function writeParentCpuWeight(version: 1 | 2, parentDir: string): Promise<void> {
  if (version === 1) await writeFile(path.join(parentDir, 'cpu.shares'), String(CPU_SHARES_V1));
  else await writeFile(path.join(parentDir, 'cpu.weight'), String(CPU_WEIGHT_V2));
}

/** Throttling counters of a cgroup's `cpu.stat` (both versions): periods run, periods throttled. */
export type CpuThrottling = { periods: number; throttled: number };

export function parseCpuStat(text: string): CpuThrottling {
  const field = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { periods: field('nr_periods'), throttled: field('nr_throttled') };
}
