import autocannon from 'autocannon';
import { type CpuProbe, machineCpu, ResourceSampler } from './process.js';

export interface LoadSpec {
  /** Row label in the printed table. */
  label: string;
  baseUrl: string;
  /** A fixed path, or a function called for every request (rotating through ids). */
  path: string | (() => string);
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** The target's sampler: CPU and peak RSS during the measured window. */
  sampler?: ResourceSampler;
  /** Further CPU readings over the window (the PostgreSQL server). */
  cpuProbes?: CpuProbe[];
}

export interface LoadResult {
  label: string;
  path: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  /** Completed requests (any status) divided by the measured duration. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /**
   * CPU over the measured window, 100 = one core busy: `service`, `bench` (autocannon in this process,
   * sharing the machine), each probe (e.g. `postgres`), `machine` (all busy time) and `other` (the machine's
   * busy time left over: other work on the machine during the window, which makes the numbers noisier).
   */
  cpuPercent: Record<string, number>;
  servicePeakRssMb: number | null;
}

function runOnce(spec: LoadSpec, seconds: number) {
  const rotating = typeof spec.path === 'function' ? spec.path : null;
  return autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    duration: seconds,
    timeout: 10,
    headers: spec.headers ?? {},
    requests: [
      rotating === null
        ? { method: 'GET', path: spec.path as string }
        : { method: 'GET', setupRequest: (request) => ({ ...request, path: rotating() }) },
    ],
  });
}

/** A warm-up (discarded), then the measured run at the same concurrency. */
export async function measureLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await runOnce(spec, spec.warmupSeconds);
  const probes: CpuProbe[] = [machineCpu, ...(spec.cpuProbes ?? [])];
  const sampler = spec.sampler;
  if (sampler !== undefined) probes.push({ name: 'service', ticks: () => sampler.cpuTicks() });
  const before = probes.map((p) => p.ticks());
  const ownCpuBefore = process.cpuUsage();
  const from = performance.now();
  const result = await runOnce(spec, spec.durationSeconds);
  const to = performance.now();
  const elapsedMs = to - from;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const cpuPercent: Record<string, number> = {};
  probes.forEach((probe, i) => {
    cpuPercent[probe.name] = ResourceSampler.utilisation(before[i] ?? 0, probe.ticks(), elapsedMs);
  });
  cpuPercent.bench = ((ownCpu.user + ownCpu.system) / 1000 / elapsedMs) * 100;
  let accounted = 0;
  for (const [name, value] of Object.entries(cpuPercent)) if (name !== 'machine') accounted += value;
  cpuPercent.other = (cpuPercent.machine ?? 0) - accounted;
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    label: spec.label,
    path: typeof spec.path === 'string' ? spec.path : `${spec.path()} (rotating)`,
    connections: spec.connections,
    durationSeconds: result.duration,
    requests: completed,
    requestsPerSecond: completed / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    cpuPercent,
    servicePeakRssMb: spec.sampler === undefined ? null : spec.sampler.peakKb(from, to) / 1024,
  };
}
