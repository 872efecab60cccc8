// CPU limit arithmetic: quotas from fractional CPUs, the default cap, and cpu.stat's throttling counters.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_OPTIONS, defaultCpusPerSandbox, sandboxOptionsProblem } from '../../sandbox-options';
import { CPU_PERIOD_US, cpuQuotaUs, MIN_CPUS, parseCpuStat } from './cpu';

describe('CPU limits', () => {
  it('turns CPUs into a quota per period, never below the kernel minimum', () => {
    expect(cpuQuotaUs(1)).toBe(CPU_PERIOD_US);
    expect(cpuQuotaUs(0.5)).toBe(50_000);
    expect(cpuQuotaUs(2.25)).toBe(225_000);
    expect(cpuQuotaUs(MIN_CPUS)).toBe(1_000);
    expect(cpuQuotaUs(0.001)).toBe(1_000);
  });

  it('defaults to half the host, at least half a CPU', () => {
    expect([1, 2, 3, 16].map(defaultCpusPerSandbox)).toEqual([0.5, 1, 1.5, 8]);
  });

  it('refuses a cap below the kernel minimum or not a number', () => {
    expect(sandboxOptionsProblem({ ...DEFAULT_SANDBOX_OPTIONS, cpus: 0.5 })).toBeUndefined();
    expect(sandboxOptionsProblem({ ...DEFAULT_SANDBOX_OPTIONS, cpus: 0 })).toMatch(/cpus must be a number of CPUs >= 0.01/);
    expect(sandboxOptionsProblem({ ...DEFAULT_SANDBOX_OPTIONS, cpus: Number.NaN })).toMatch(/cpus/);
  });

  it('reads the throttling counters of v1 and v2 cpu.stat', () => {
    expect(parseCpuStat('nr_periods 12\nnr_throttled 7\nthrottled_time 123\n')).toEqual({ periods: 12, throttled: 7 });
    const v2 = 'usage_usec 5\nuser_usec 3\nsystem_usec 2\nnr_periods 40\nnr_throttled 31\nthrottled_usec 9\n';
    expect(parseCpuStat(v2)).toEqual({ periods: 40, throttled: 31 });
  });
});
