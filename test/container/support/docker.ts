/**
 * Helpers of the container suite: the Docker CLI, the images to build on, a scope that removes
 * everything a test file started (even when the file fails), polling and HTTP.
 *
 * Base images: on a machine prepared by ../shared/container-sandbox/setup.sh the stand-ins named in
 * /var/tmp/container-sandbox/images.env; elsewhere (a machine with a real engine and a registry) the
 * official images. Any of DOCKER, NODE_IMAGE, DISTROLESS_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE,
 * DEBIAN_IMAGE, PROXY_IMAGE set in the environment wins.
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = join(ROOT, 'test/container/fixtures');
const SANDBOX_ENV = process.env.CONTAINER_SANDBOX_ENV ?? '/var/tmp/container-sandbox/images.env';

function readSandboxEnv(): Record<string, string> {
  if (!existsSync(SANDBOX_ENV)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(SANDBOX_ENV, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}
const sandboxEnv = readSandboxEnv();
const pick = (name: string, official: string): string => process.env[name] ?? sandboxEnv[name] ?? official;

/** Whether the base images are the sandbox's stand-ins (then some of them are completed, see below). */
export const IN_SANDBOX = Object.keys(sandboxEnv).length > 0;
export const DOCKER = pick('DOCKER', 'docker');
export const IMAGES = {
  node: pick('NODE_IMAGE', 'node:22-bookworm-slim'),
  distroless: pick('DISTROLESS_IMAGE', 'gcr.io/distroless/nodejs22-debian12:nonroot'),
  postgres: pick('POSTGRES_IMAGE', 'postgres:15-alpine'),
  redis: pick('REDIS_IMAGE', 'redis:7-alpine'),
  debian: pick('DEBIAN_IMAGE', 'debian:bookworm-slim'),
};

/** A label on everything this suite creates itself (compose and stack label theirs). */
export const TEST_LABEL = 'io.stockbook.container-test';

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program; resolves with its exit code and output (never rejects on a non-zero exit). */
export function exec(
  cmd: string,
  args: string[],
  opts: SpawnOptions & { input?: string; timeoutMs?: number } = {},
): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
          }, opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin?.on('error', () => {}); // a program that exits without reading its input
    child.stdin?.end(opts.input ?? '');
  });
}

function describe(args: string[], r: Result): string {
  return `docker ${args.join(' ')} exited ${r.code}\n${r.stderr.trim()}\n${r.stdout.trim()}`.slice(0, 4000);
}

/** `docker ...`, throwing with its output on a non-zero exit; returns trimmed stdout. */
export async function docker(args: string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}) {
  const r = await exec(DOCKER, args, { ...opts, env: { ...process.env, DOCKER_BUILDKIT: '1', ...opts.env } });
  if (r.code !== 0) throw new Error(describe(args, r));
  return r.stdout.trim();
}

/** `docker ...` that may fail. */
export function dockerTry(args: string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}) {
  return exec(DOCKER, args, { ...opts, env: { ...process.env, DOCKER_BUILDKIT: '1', ...opts.env } });
}

/** `docker compose ...` for a project (works with compose v1.29 behind the plugin shim and with v2). */
export function compose(
  project: string,
  files: string[],
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
) {
  const fileArgs = files.flatMap((f) => ['-f', f]);
  return docker(['compose', '-p', project, ...fileArgs, ...args], { cwd: opts.cwd, env: opts.env, timeoutMs: 600_000 });
}

export const uniqueName = (what: string) =>
  `sbt-${what}-${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`.toLowerCase();

/** Thrown by a probe to stop waiting at once (the awaited state can no longer come). */
export class GiveUp extends Error {}

/** Polls until `probe` returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await sleep(everyMs);
  }
}

export const healthOf = async (container: string) =>
  docker(['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}', container]);

/** Waits for Docker's health status `healthy`; fails at once when the container stops or turns unhealthy. */
export async function waitHealthy(container: string, timeoutMs = 90_000): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    `${container} to become healthy`,
    async () => {
      const state = await docker(['inspect', '-f', '{{.State.Status}} {{.State.Health.Status}}', container]);
      const [status, health] = state.split(' ');
      if (status !== 'running') throw new GiveUp(`${container} is ${status}`);
      if (health === 'unhealthy') throw new GiveUp(`${container} is unhealthy`);
      return health === 'healthy' ? true : undefined;
    },
    timeoutMs,
    100,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}\n--- logs of ${container}:\n${await logsOf(container)}`);
  });
  return Date.now() - t0;
}

export async function logsOf(container: string, tail = 40): Promise<string> {
  const r = await dockerTry(['logs', '--tail', String(tail), container]);
  return `${r.stdout}${r.stderr}`.trim();
}

/** The host port Docker published for a container port. */
export async function publishedPort(container: string, port = 8000): Promise<number> {
  const out = await docker(['port', container, `${port}/tcp`]);
  const m = /:(\d+)\s*$/m.exec(out.split('\n')[0] ?? '');
  if (!m?.[1]) throw new Error(`no published port for ${container}:${port}: ${out}`);
  return Number(m[1]);
}

/** The container's address on one of its networks (the host reaches bridge networks directly). */
export async function containerIp(container: string, network?: string): Promise<string> {
  const nets = JSON.parse(await docker(['inspect', '-f', '{{json .NetworkSettings.Networks}}', container])) as Record<
    string,
    { IPAddress: string }
  >;
  const entry = network === undefined ? Object.values(nets)[0] : nets[network];
  if (!entry?.IPAddress) throw new Error(`${container} has no address${network ? ` on ${network}` : ''}`);
  return entry.IPAddress;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

/**
 * What a test file started, removed in reverse order by `cleanup()` (called from afterAll, so also
 * after failures). `assertClean()` then checks that nothing labelled for this scope is left.
 */
export class Scope {
  readonly id = uniqueName('scope');
  private readonly undo: { what: string; run: () => Promise<unknown> }[] = [];
  private readonly composeProjects: string[] = [];
  private readonly extraFilters: string[] = [];

  /** Also checks, in `assertClean`, for objects with this label filter (e.g. a stack's namespace). */
  track(filter: string) {
    this.extraFilters.push(filter);
  }

  /** Labels for `docker run` / `network create` / `volume create`. */
  get labelArgs(): string[] {
    return ['--label', `${TEST_LABEL}=${this.id}`];
  }

  defer(what: string, run: () => Promise<unknown>) {
    this.undo.push({ what, run });
  }

  async network(name = uniqueName('net')): Promise<string> {
    await docker(['network', 'create', ...this.labelArgs, name]);
    this.defer(`network ${name}`, () => dockerTry(['network', 'rm', name]));
    return name;
  }

  /** `docker run -d` with this scope's label; removed (with its anonymous volumes) at cleanup. */
  async run(name: string, args: string[]): Promise<string> {
    this.defer(`container ${name}`, () => dockerTry(['rm', '-f', '-v', name]));
    await docker(['run', '-d', '--name', name, ...this.labelArgs, ...args]);
    return name;
  }

  /** Registers a compose project for `down -v --remove-orphans` at cleanup. */
  composeProject(project: string, files: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.composeProjects.push(project);
    this.defer(`compose project ${project}`, () =>
      compose(project, files, ['down', '-v', '--remove-orphans', '--rmi', 'local', '-t', '5'], opts).catch((e: Error) =>
        process.stderr.write(`cleanup of ${project}: ${e.message}\n`),
      ),
    );
  }

  async cleanup(): Promise<void> {
    while (this.undo.length > 0) {
      const step = this.undo.pop();
      if (!step) break;
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`cleanup of ${step.what} failed: ${(error as Error).message}\n`);
      }
    }
  }

  /** Throws when a container, network or volume of this scope (or of its compose projects) is left. */
  async assertClean(): Promise<void> {
    const filters = [
      `label=${TEST_LABEL}=${this.id}`,
      ...this.composeProjects.map((p) => `label=com.docker.compose.project=${p}`),
      ...this.extraFilters,
    ];
    const left: string[] = [];
    for (const filter of filters) {
      for (const kind of [
        ['ps', '-a'],
        ['network', 'ls'],
        ['volume', 'ls'],
      ] as const) {
        const out = await docker([...kind, '-q', '--filter', filter]);
        if (out !== '') left.push(`${kind[0]} ${filter}: ${out.replace(/\n/g, ' ')}`);
      }
    }
    if (left.length > 0) throw new Error(`left behind:\n${left.join('\n')}`);
  }
}

export interface HttpResponse {
  status: number;
  body: unknown;
  text: string;
}

export async function http(
  url: string,
  opts: { method?: string; body?: unknown; token?: string; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(url, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text };
}

export const OWNER = {
  household_name: 'Container Family',
  display_name: 'Container Owner',
  email: 'owner@container.test',
  password: 'container-test-password',
};

/** First-run setup (tolerating a household that exists already) and login; returns the bearer token. */
export async function setupAndLogin(base: string): Promise<string> {
  const setup = await http(`${base}/api/v1/setup`, { body: OWNER });
  if (setup.status !== 201 && setup.status !== 409) throw new Error(`setup answered ${setup.status}: ${setup.text}`);
  const login = await http(`${base}/api/v1/auth/login`, { body: { email: OWNER.email, password: OWNER.password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`);
  const token = (login.body as { access_token?: string }).access_token;
  if (!token) throw new Error(`login gave no access_token: ${login.text}`);
  return token;
}

/** Setup + login + me + create a stock + read it back: the API round trip through one base URL. */
export async function roundTrip(base: string, symbol: string): Promise<void> {
  const token = await setupAndLogin(base);
  const me = await http(`${base}/api/v1/auth/me`, { token });
  if (me.status !== 200 || (me.body as { email?: string }).email !== OWNER.email)
    throw new Error(`me answered ${me.status}: ${me.text}`);
  const created = await http(`${base}/api/v1/stocks`, { token, body: { symbol } });
  if (created.status !== 201) throw new Error(`create stock answered ${created.status}: ${created.text}`);
  const id = (created.body as { id?: string }).id;
  const read = await http(`${base}/api/v1/stocks/${id}`, { token });
  if (read.status !== 200 || (read.body as { symbol?: string }).symbol !== symbol)
    throw new Error(`read stock answered ${read.status}: ${read.text}`);
}

export const POSTGRES = { user: 'stockbook', password: 'container-test-db-password', db: 'stockbook' };

/** Starts PostgreSQL on `network` under the DNS name `alias` and waits until it accepts connections. */
export async function startPostgres(scope: Scope, network: string, alias: string, name = uniqueName('pg')) {
  await scope.run(name, [
    '--network',
    network,
    '--network-alias',
    alias,
    '-e',
    `POSTGRES_USER=${POSTGRES.user}`,
    '-e',
    `POSTGRES_PASSWORD=${POSTGRES.password}`,
    '-e',
    `POSTGRES_DB=${POSTGRES.db}`,
    IMAGES.postgres,
  ]);
  await waitFor(
    'PostgreSQL to accept connections',
    async () => {
      const r = await dockerTry([
        'exec',
        name,
        'pg_isready',
        '-h',
        '127.0.0.1',
        '-U',
        POSTGRES.user,
        '-d',
        POSTGRES.db,
      ]);
      return r.code === 0 ? true : undefined;
    },
    60_000,
    300,
  );
  return name;
}

export const databaseUrl = (host: string) =>
  `postgres://${POSTGRES.user}:${POSTGRES.password}@${host}:5432/${POSTGRES.db}`;

/** A SECRET_KEY that passes the service's production checks. */
export const secretKey = () => randomBytes(32).toString('hex');
