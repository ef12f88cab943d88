/**
 * The production stack (docker-compose.prod.yml) with Compose on one host: three app replicas
 * started together against an empty database, behind the nginx proxy, with PostgreSQL and Redis.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compose,
  containerIp,
  DOCKER,
  docker,
  exec,
  freePort,
  http,
  IMAGES,
  logsOf,
  OWNER,
  ROOT,
  roundTrip,
  Scope,
  secretKey,
  setupAndLogin,
  uniqueName,
  waitHealthy,
} from './support/docker.js';
import { appTag, baseImages, buildTarget } from './support/images.js';

const scope = new Scope();
const project = uniqueName('prod').replace(/-/g, '');
const files = ['docker-compose.prod.yml'];
let dir = '';
let env: NodeJS.ProcessEnv = {};
let httpPort = 0;
let replicas: string[] = [];
const POSTGRES_PASSWORD = secretKey();

beforeAll(async () => {
  const [{ proxy }] = await Promise.all([baseImages(), buildTarget('runtime')]);
  // A copy of the stack's files: the working tree's .env (if any) must not leak into the test.
  dir = mkdtempSync(join(tmpdir(), 'sbt-prod-'));
  for (const f of ['docker-compose.prod.yml', 'deploy']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  httpPort = await freePort();
  env = {
    ...process.env,
    STOCKBOOK_IMAGE: appTag('runtime'),
    PROXY_IMAGE: proxy,
    POSTGRES_IMAGE: IMAGES.postgres,
    REDIS_IMAGE: IMAGES.redis,
    SECRET_KEY: secretKey(),
    POSTGRES_PASSWORD,
    HTTP_PORT: String(httpPort),
  };
  scope.defer('stack copy', async () => rmSync(dir, { recursive: true, force: true }));
  scope.composeProject(project, files, { cwd: dir, env });
  await compose(project, files, ['up', '-d'], { cwd: dir, env });
  replicas = (await compose(project, files, ['ps', '-q', 'app'], { cwd: dir, env })).split('\n').filter(Boolean);
});

afterAll(async () => {
  await scope.cleanup();
  await scope.assertClean();
});

describe('production stack on one host (docker compose -f docker-compose.prod.yml)', () => {
  it('three replicas started together on an empty database: all healthy, migrations applied once, no restarts', async () => {
    expect(replicas).toHaveLength(3);
    await Promise.all(replicas.map((r) => waitHealthy(r, 180_000)));
    for (const r of replicas) expect(await docker(['inspect', '-f', '{{.RestartCount}}', r])).toBe('0');

    const db = (await compose(project, files, ['ps', '-q', 'db'], { cwd: dir, env })).split('\n')[0] as string;
    const [rows, distinct] = (
      await docker([
        'exec',
        db,
        'psql',
        '-U',
        'stockbook',
        '-d',
        'stockbook',
        '-tAc',
        'SELECT count(*), count(DISTINCT name) FROM kysely_migration',
      ])
    ).split('|');
    expect(Number(rows)).toBeGreaterThan(0);
    expect(rows).toBe(distinct);
    // Exactly one replica applied the migrations; the others, queued on the advisory lock, found none left.
    const applied = await Promise.all(replicas.map(async (r) => /"applied":\["/.test(await logsOf(r, 500))));
    expect(applied.filter(Boolean)).toHaveLength(1);
  });

  it('a session made on one replica is valid on the others; each uses Redis', async () => {
    const [first, ...others] = await Promise.all(replicas.map((r) => containerIp(r)));
    const token = await setupAndLogin(`http://${first}:8000`);
    for (const ip of others) {
      const me = await http(`http://${ip}:8000/api/v1/auth/me`, { token });
      expect(me.status, ip).toBe(200);
      expect(me.body).toMatchObject({ email: OWNER.email });
    }
    for (const ip of [first, ...others]) {
      const health = await http(`http://${ip}:8000/health`);
      expect(health.body).toMatchObject({ status: 'ok', checks: { cache: { status: 'ok' } } });
    }
  });

  it('serves through the proxy on HTTP_PORT', async () => {
    expect((await http(`http://127.0.0.1:${httpPort}/health`)).status).toBe(200);
    await roundTrip(`http://127.0.0.1:${httpPort}`, 'PROD');
  });

  it('runs the replicas read-only, without capabilities, no-new-privileges, with init, limits and the node health check', async () => {
    const host = JSON.parse(await docker(['inspect', '-f', '{{json .HostConfig}}', replicas[0] as string])) as Record<
      string,
      unknown
    >;
    expect(host).toMatchObject({
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Init: true,
      NanoCpus: 500_000_000,
      Memory: 512 * 1024 * 1024,
      MemoryReservation: 256 * 1024 * 1024,
      RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
    });
    expect(Object.keys(host.Tmpfs as Record<string, string>)).toEqual(['/tmp']);
    const health = JSON.parse(
      await docker(['inspect', '-f', '{{json .Config.Healthcheck}}', replicas[0] as string]),
    ) as {
      Test: string[];
      StartPeriod: number;
    };
    expect(health.Test.slice(0, 2)).toEqual(['CMD', 'node']);
    expect(health.StartPeriod).toBeGreaterThan(0);
  });

  it('no default secret reaches production: the stack and the service refuse to start without one', async () => {
    const { SECRET_KEY: _s, POSTGRES_PASSWORD: _p, ...without } = env;
    const config = await exec(
      DOCKER,
      ['compose', '-p', uniqueName('cfg'), '-f', 'docker-compose.prod.yml', 'config', '-q'],
      {
        cwd: dir,
        env: without,
      },
    );
    expect(config.code).not.toBe(0);
    expect(config.stdout + config.stderr).toMatch(/SECRET_KEY|POSTGRES_PASSWORD/);

    for (const weak of ['', 'short', 'changeme-changeme-changeme-changeme-1234']) {
      const name = uniqueName('weak');
      scope.defer(`container ${name}`, () => docker(['rm', '-f', name]).catch(() => {}));
      const r = await exec(DOCKER, [
        'run',
        '--name',
        name,
        ...scope.labelArgs,
        '-e',
        `SECRET_KEY=${weak}`,
        '-e',
        'DB_WAIT_TIMEOUT=0',
        appTag('runtime'),
      ]);
      expect(r.code, weak).toBe(1);
      expect(r.stderr).toMatch(/SECRET_KEY/);
    }
  });
});
