/**
 * The two image targets, built with the base images as build arguments and run for real against
 * PostgreSQL: health, the API round trip, users, contents, the database wait, shutdown, hardening
 * flags, the overridable command, and the size and start-up budgets (product.md section 9).
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOCKER,
  databaseUrl,
  docker,
  dockerTry,
  exec,
  healthOf,
  http,
  IMAGES,
  logsOf,
  OWNER,
  POSTGRES,
  publishedPort,
  ROOT,
  roundTrip,
  Scope,
  secretKey,
  setupAndLogin,
  startPostgres,
  uniqueName,
  waitHealthy,
} from './support/docker.js';
import { appTag, BUILD_META, baseImages, buildTarget, type Target } from './support/images.js';

const TARGETS: Target[] = ['runtime', 'hardened'];
const scope = new Scope();
let network = '';
const DB_ALIAS = 'db';
const SECRET = secretKey();
const numbers: Record<string, string> = {};

/** `docker run -d` of a target on the test network, published on a random loopback port. */
async function runApp(target: Target, extra: string[] = [], env: Record<string, string> = {}, net = network) {
  const name = uniqueName(target);
  const envArgs = Object.entries({ DATABASE_URL: databaseUrl(DB_ALIAS), SECRET_KEY: SECRET, ...env }).flatMap(
    ([k, v]) => ['-e', `${k}=${v}`],
  );
  await scope.run(name, ['--network', net, '-p', '127.0.0.1::8000', ...envArgs, ...extra, appTag(target)]);
  return name;
}

const baseUrl = async (container: string) => `http://127.0.0.1:${await publishedPort(container)}`;

/** Runs `body` with a started app container, then removes it (the scope removes it too on failure). */
async function withApp(target: Target, extra: string[], body: (app: string) => Promise<void>) {
  const app = await runApp(target, extra);
  try {
    await body(app);
  } finally {
    await dockerTry(['rm', '-f', '-v', app]);
  }
}

beforeAll(async () => {
  await baseImages();
  for (const target of TARGETS) await buildTarget(target);
  network = await scope.network();
  await startPostgres(scope, network, DB_ALIAS);
});

afterAll(async () => {
  await scope.cleanup();
  process.stdout.write(
    `\n[container] docker stop numbers:\n${Object.entries(numbers)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n')}\n`,
  );
  await scope.assertClean();
});

describe('image metadata', () => {
  it.each(TARGETS)(
    '%s: node entry point, port 8000, production, non-root, node health check, OCI labels',
    async (target) => {
      const config = JSON.parse(await docker(['image', 'inspect', '-f', '{{json .Config}}', appTag(target)])) as {
        User: string;
        Env: string[];
        ExposedPorts: Record<string, unknown>;
        Entrypoint: string[];
        Cmd: string[];
        Healthcheck: { Test: string[] };
        Labels: Record<string, string>;
      };
      expect(config.Env).toContain('NODE_ENV=production');
      expect(Object.keys(config.ExposedPorts)).toEqual(['8000/tcp']);
      expect(config.User).toMatch(/^[1-9]\d*(:\d+)?$/);
      expect(config.Entrypoint[0]).toMatch(/(^|\/)node$/);
      expect(config.Entrypoint.slice(1)).toEqual(['/app/dist/cli/main.js']);
      expect(config.Cmd).toEqual(['serve']);
      expect(config.Healthcheck.Test[0]).toBe('CMD');
      expect(config.Healthcheck.Test[1]).toMatch(/(^|\/)node$/);
      expect(config.Labels).toMatchObject({
        'org.opencontainers.image.version': BUILD_META.VERSION,
        'org.opencontainers.image.revision': BUILD_META.REVISION,
        'org.opencontainers.image.created': BUILD_META.CREATED,
        'org.opencontainers.image.source': BUILD_META.SOURCE,
      });
    },
  );

  it.each(TARGETS)('%s: is built on its base image build argument', async (target) => {
    const base = target === 'runtime' ? IMAGES.node : (await baseImages()).distroless;
    const layers = async (image: string) =>
      JSON.parse(await docker(['image', 'inspect', '-f', '{{json .RootFS.Layers}}', image])) as string[];
    const [baseLayers, imageLayers] = [await layers(base), await layers(appTag(target))];
    expect(imageLayers.slice(0, baseLayers.length)).toEqual(baseLayers);
  });
});

describe('running against PostgreSQL', () => {
  it.each(TARGETS)('%s: reaches healthy, answers /health 200 and a login + stock round trip', async (target) => {
    await withApp(target, [], async (app) => {
      await waitHealthy(app);
      const base = await baseUrl(app);
      const health = await http(`${base}/health`);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
      const symbol = target === 'runtime' ? 'RUNT' : 'HARD';
      await roundTrip(base, symbol);
      // The backup CLI runs inside the container with the container's own configuration.
      const node = target === 'runtime' ? 'node' : '/nodejs/bin/node';
      const exported = JSON.parse(
        await docker(['exec', app, node, '/app/dist/cli/main.js', 'export', '--household', OWNER.household_name]),
      ) as { format: string; version: number; stocks: Array<{ symbol: string }> };
      expect(exported).toMatchObject({ format: 'stockbook', version: 1 });
      expect(exported.stocks.map((s) => s.symbol)).toContain(symbol);
      // The built web interface is in the image: the page at / and at a client route, under a strict CSP,
      // and its hashed script immutable and precompressed.
      for (const path of ['/', '/portfolios']) {
        const page = await fetch(`${base}${path}`);
        expect(page.status, path).toBe(200);
        expect(page.headers.get('cache-control'), path).toBe('no-cache');
        expect(page.headers.get('content-security-policy'), path).toContain("script-src 'self'");
        const html = await page.text();
        expect(html).toContain('<div id="root"></div>');
        const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
        expect(script, 'the page names its script').toBeDefined();
        const asset = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'br' } });
        expect(asset.status).toBe(200);
        expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(asset.headers.get('content-encoding')).toBe('br');
      }
    });
  });

  it.each(TARGETS)(
    '%s: runs with --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges',
    async (target) => {
      const flags = ['--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];
      await withApp(target, flags, async (app) => {
        await waitHealthy(app);
        const hostConfig = JSON.parse(await docker(['inspect', '-f', '{{json .HostConfig}}', app])) as {
          ReadonlyRootfs: boolean;
          CapDrop: string[];
          SecurityOpt: string[];
        };
        expect(hostConfig).toMatchObject({
          ReadonlyRootfs: true,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
        });
        await roundTrip(await baseUrl(app), target === 'runtime' ? 'ROFS' : 'ROFH');
      });
    },
  );

  it.each(TARGETS)('%s: docker stop with a request in flight completes it and exits 0 within 10 s', async (target) => {
    const app = await runApp(target);
    await waitHealthy(app);
    const base = await baseUrl(app);
    await setupAndLogin(base);

    // A login whose body arrives in two halves: headers and half the body before `docker stop`,
    // the rest while the service is draining.
    const body = JSON.stringify({ email: OWNER.email, password: OWNER.password });
    const url = new URL(`${base}/api/v1/auth/login`);
    let sendRest: () => void = () => {};
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            connection: 'close',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.flushHeaders();
      req.write(body.slice(0, 10));
      sendRest = () => req.end(body.slice(10));
    });
    await sleep(500);
    const t0 = Date.now();
    const stopped = docker(['stop', '-t', '10', app], { timeoutMs: 30_000 });
    await sleep(1500);
    expect(await docker(['inspect', '-f', '{{.State.Running}}', app])).toBe('true'); // draining, not gone
    sendRest();
    const answer = await response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveProperty('access_token');
    await stopped;
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(10_000);
    expect(await docker(['inspect', '-f', '{{.State.ExitCode}} {{.State.OOMKilled}}', app])).toBe('0 false');
    numbers[`${target}: docker stop with a request in flight`] =
      `${(elapsed / 1000).toFixed(1)} s (1.5 s of it the test's own wait)`;
    await docker(['rm', app]);
  });

  it('the command is overridable: migrate and healthcheck (no shell involved)', async () => {
    for (const target of TARGETS) {
      const name = uniqueName(`${target}-migrate`);
      scope.defer(`container ${name}`, () => dockerTry(['rm', '-f', name]));
      const migrate = await dockerTry([
        'run',
        '--name',
        name,
        ...scope.labelArgs,
        '--network',
        network,
        '-e',
        `DATABASE_URL=${databaseUrl(DB_ALIAS)}`,
        '-e',
        `SECRET_KEY=${SECRET}`,
        appTag(target),
        'migrate',
      ]);
      expect(migrate.code, migrate.stderr).toBe(0);
      const hc = uniqueName(`${target}-hc`);
      scope.defer(`container ${hc}`, () => dockerTry(['rm', '-f', hc]));
      const healthcheck = await dockerTry(['run', '--name', hc, ...scope.labelArgs, appTag(target), 'healthcheck']);
      expect(healthcheck.code).toBe(1); // nothing serves in that container
    }
  });
});

describe('the embedded database', () => {
  it.each(TARGETS)('%s: without DATABASE_URL it serves from PGlite in /app/data', async (target) => {
    // An empty value is no value: the image falls back to the embedded database, as `npm start` does.
    const app = await runApp(target, [], { DATABASE_URL: '' });
    try {
      await waitHealthy(app);
      const base = await baseUrl(app);
      await roundTrip(base, target === 'runtime' ? 'EMBR' : 'EMBH');
      const health = await http(`${base}/health`);
      expect(health.body).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
    } finally {
      await dockerTry(['rm', '-f', '-v', app]);
    }
  });
});

describe('the database wait', () => {
  it('started before its database exists, waits, then migrates and serves when it comes up', async () => {
    const lateNet = await scope.network();
    const app = await runApp('hardened', [], { DATABASE_URL: databaseUrl('late-db'), DB_WAIT_TIMEOUT: '90' }, lateNet);
    await sleep(4000);
    expect(await docker(['inspect', '-f', '{{.State.Running}}', app])).toBe('true');
    expect(await healthOf(app)).not.toBe('healthy');
    expect(await logsOf(app)).toMatch(/waiting for the database/i);

    const pg = await startPostgres(scope, lateNet, 'late-db');
    await waitHealthy(app, 90_000);
    const tables = await docker([
      'exec',
      pg,
      'psql',
      '-U',
      POSTGRES.user,
      '-d',
      POSTGRES.db,
      '-tAc',
      "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
    ]);
    expect(Number(tables)).toBeGreaterThan(2); // the schema, not an empty database
    expect((await http(`${await baseUrl(app)}/health`)).status).toBe(200);
    await docker(['rm', '-f', app, pg]);
  });

  it.each(TARGETS)(
    '%s: with no database at all, exits 1 within DB_WAIT_TIMEOUT with one clear line',
    async (target) => {
      const name = uniqueName(`${target}-nodb`);
      scope.defer(`container ${name}`, () => dockerTry(['rm', '-f', name]));
      const timeout = 3;
      const t0 = Date.now();
      const r = await exec(
        DOCKER,
        [
          'run',
          '--name',
          name,
          ...scope.labelArgs,
          '-e',
          `DATABASE_URL=${databaseUrl('no-such-db.invalid')}`,
          '-e',
          `DB_WAIT_TIMEOUT=${timeout}`,
          '-e',
          `SECRET_KEY=${SECRET}`,
          appTag(target),
        ],
        { timeoutMs: 60_000 },
      );
      const elapsed = Date.now() - t0;
      expect(r.code).toBe(1);
      expect(elapsed).toBeLessThan((timeout + 5) * 1000); // the timeout plus container start and node start
      const errLines = r.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(/database/i);
      expect(errLines[0]).toMatch(/DB_WAIT_TIMEOUT|not reachable|timed out/i);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m); // no stack trace
    },
  );
});

describe('image contents', () => {
  const listing: Partial<Record<Target, string[]>> = {};
  const filesOf = async (target: Target) => {
    if (listing[target]) return listing[target];
    const name = uniqueName(`${target}-files`);
    scope.defer(`container ${name}`, () => dockerTry(['rm', '-f', name]));
    await docker(['create', '--name', name, ...scope.labelArgs, appTag(target)]);
    const r = await exec('bash', ['-o', 'pipefail', '-c', `"${DOCKER}" export "${name}" | tar -t`], {
      timeoutMs: 300_000,
    });
    if (r.code !== 0) throw new Error(r.stderr);
    await docker(['rm', name]);
    listing[target] = r.stdout.split('\n').map((p) => p.replace(/^\.?\//, '').replace(/\/$/, ''));
    return listing[target];
  };

  it('the runtime image runs as a non-root uid', async () => {
    const r = await docker(['run', '--rm', ...scope.labelArgs, '--entrypoint', 'id', appTag('runtime'), '-u']);
    expect(Number(r)).toBeGreaterThan(0);
  });

  it('the hardened image has no shell and no package manager', async () => {
    const files = new Set(await filesOf('hardened'));
    for (const shell of [
      'bin/sh',
      'usr/bin/sh',
      'bin/bash',
      'usr/bin/bash',
      'bin/dash',
      'bin/busybox',
      'usr/bin/busybox',
    ])
      expect(files.has(shell), shell).toBe(false);
    for (const pm of [
      'usr/bin/apt',
      'usr/bin/apt-get',
      'usr/bin/dpkg',
      'usr/local/bin/npm',
      'usr/local/lib/node_modules/npm',
    ])
      expect(files.has(pm), pm).toBe(false);
    const r = await dockerTry([
      'run',
      '--rm',
      ...scope.labelArgs,
      '--entrypoint',
      '/bin/sh',
      appTag('hardened'),
      '-c',
      'true',
    ]);
    expect(r.code).not.toBe(0);
  });

  it.each(TARGETS)(
    '%s: no compiler, TypeScript, test runner, tests, .git, .env or test source maps',
    async (target) => {
      const files = await filesOf(target);
      expect(files).toContain('app/dist/cli/main.js'); // the check looks at the right tree
      expect(files).toContain('app/node_modules/fastify/package.json');
      const forbidden: [string, RegExp][] = [
        ['a C compiler', /(^|\/)(bin\/(gcc|g\+\+|cc|c\+\+|clang|tcc)(-\d+)?|cc1|cc1plus)$/],
        ['TypeScript', /^app\/node_modules\/(typescript|\.bin\/tsc)(\/|$)/],
        [
          'the test runner or dev tools',
          /^app\/node_modules\/(vitest|@vitest|tsx|esbuild|@biomejs|fast-check|vite)(\/|$)/,
        ],
        ['tests', /^app\/(test|tests|bench)(\/|$)|^app\/(?!node_modules\/).*\.(test|spec)\.[cm]?[jt]s$/],
        ['sources', /^app\/src(\/|$)/],
        ['.git', /(^|\/)\.git(\/|$)/],
        ['.env', /^app\/(.*\/)?\.env(\..*)?$/],
        ['test source maps', /\.(test|spec)\.[cm]?[jt]s\.map$/],
      ];
      for (const [what, pattern] of forbidden) {
        const hits = files.filter((f) => pattern.test(f));
        expect(hits, `${target} contains ${what}`).toEqual([]);
      }
    },
  );
});

describe('.dockerignore', () => {
  it('keeps tests, docs, .git, node_modules, local data, env files and CI files out of the build context', async () => {
    const ctx = mkdtempSync(join(tmpdir(), 'sbt-context-'));
    const out = mkdtempSync(join(tmpdir(), 'sbt-context-out-'));
    try {
      const kept = ['package.json', 'package-lock.json', 'tsconfig.json', 'src/cli/main.ts', 'web/src/main.tsx'];
      const ignored = [
        '.git/HEAD',
        '.github/workflows/ci.yml',
        '.ci/run',
        'node_modules/x/index.js',
        'web/node_modules/y/index.js',
        'test/unit/a.test.ts',
        'test/container/images.test.ts',
        'docs/containers.md',
        'README.md',
        'data/pg/PG_VERSION',
        '.env',
        '.env.local',
        'coverage/index.html',
        'bench/run.ts',
        'dist/cli/main.js',
        'web/dist/index.html',
        'npm-debug.log',
        'scratch/big.bin',
        'src/cli/main.test.ts',
        'Makefile',
        'docker-compose.yml',
        'Dockerfile',
      ];
      for (const f of [...kept, ...ignored]) {
        mkdirSync(dirname(join(ctx, f)), { recursive: true });
        writeFileSync(join(ctx, f), 'x');
      }
      writeFileSync(join(ctx, '.dockerignore'), readFileSync(join(ROOT, '.dockerignore')));
      writeFileSync(join(ctx, 'context.Dockerfile'), 'FROM scratch\nCOPY . /\n');
      await docker(['build', '-q', '-f', join(ctx, 'context.Dockerfile'), '-o', `type=local,dest=${out}`, ctx]);
      const seen = new Set<string>();
      const walk = (dir: string, prefix = '') => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
          else seen.add(`${prefix}${e.name}`);
        }
      };
      walk(out);
      for (const f of kept) expect(seen.has(f), `${f} should reach the build`).toBe(true);
      for (const f of ignored) expect(seen.has(f), `${f} should stay out of the build context`).toBe(false);
    } finally {
      rmSync(ctx, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
