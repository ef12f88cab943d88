import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { onCleanup } from './cleanup.js';
import { machineCpu, ResourceSampler } from './process.js';

/** A free TCP port on 127.0.0.1 (bound then released; good enough on a machine we control). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()));
    });
  });
}

/** 48 random URL-safe characters: passes the production SECRET_KEY rules. */
export function randomSecret(): string {
  return randomBytes(36).toString('base64url');
}

const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER', 'SHELL', 'TERM'];

/**
 * The environment of a spawned service: only the basics of ours plus what the caller gives, so that a
 * DATABASE_URL or REDIS_URL in the shell that runs the bench cannot leak into a run that should not have it.
 */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_THROUGH) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, ...extra };
}

export interface ServiceSpec {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  /** Where stdout and stderr go (kept for a look when something fails). */
  logFile: string;
  /** Sum the RSS of every process under the spawned one (npm, uvicorn workers). */
  processTree?: boolean;
  readyPath?: string;
  readyTimeoutMs?: number;
  /** Poll interval of the readiness probe. */
  pollMs?: number;
}

export interface RunningService {
  label: string;
  pid: number;
  baseUrl: string;
  /** Milliseconds from spawn to the first 200 from the ready path. */
  readyMs: number;
  /**
   * CPU from spawn to ready, 100 = one core: the service's processes, and the rest of the machine
   * (other work competing with the start; the npm and tsx processes count as the service's).
   */
  startCpu: { service: number; other: number };
  sampler: ResourceSampler;
  logFile: string;
  stop(): Promise<number | null>;
}

async function probe(url: string, timeoutMs: number): Promise<number | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Spawns a service in its own process group and waits for a 200 from its ready path; the time to that
 * answer is the cold-start figure. Throws (after killing it) when it exits or times out first.
 */
export async function startService(spec: ServiceSpec): Promise<RunningService> {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const machineTicksAtSpawn = machineCpu.ticks();
  const startedAt = performance.now();
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.label}: could not spawn ${spec.command}`);
  const sampler = new ResourceSampler(pid, spec.processTree ?? false);
  const baseUrl = `http://127.0.0.1:${spec.port}`;
  const exit = exited(child);

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      // The negative pid addresses the process group this spawn created (npm start's tsx and node too).
      process.kill(spec.processTree ? -pid : pid, signal);
    } catch {
      // Already gone.
    }
  };
  const stop = async (): Promise<number | null> => {
    unregister();
    sampler.stop();
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    signalGroup('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
    const result = await Promise.race([exit, timeout]);
    if (result === 'timeout') {
      signalGroup('SIGKILL');
      return exited(child);
    }
    return result;
  };

  const unregister = onCleanup(spec.label, stop);

  const deadline = startedAt + (spec.readyTimeoutMs ?? 60_000);
  let done = false;
  void exit.then(() => {
    done = true;
  });
  while (!done && performance.now() < deadline) {
    const status = await probe(`${baseUrl}${spec.readyPath ?? '/health'}`, 1000);
    if (status === 200) {
      const readyMs = performance.now() - startedAt;
      const service = ResourceSampler.utilisation(0, sampler.cpuTicks(), readyMs);
      const machine = ResourceSampler.utilisation(machineTicksAtSpawn, machineCpu.ticks(), readyMs);
      const startCpu = { service, other: Math.max(0, machine - service) };
      return { label: spec.label, pid, baseUrl, readyMs, startCpu, sampler, logFile: spec.logFile, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, spec.pollMs ?? 20));
  }
  const code = done ? child.exitCode : await stop();
  throw new Error(
    `${spec.label} did not become ready (${done ? `exited with ${code}` : 'timed out'}); last log lines of ${spec.logFile}:\n${logTail(spec.logFile)}`,
  );
}
