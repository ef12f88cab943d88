/**
 * The development stack (docker-compose.yml + Dockerfile.dev): `docker compose up` brings app,
 * PostgreSQL and Redis to healthy, and an edit of a source file on the host changes what the running
 * app serves, without a rebuild or a new container.
 *
 * It runs from a copy of the project in a temporary directory, so that the edit never touches the
 * working tree.
 */
import { appendFileSync, chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compose,
  docker,
  freePort,
  http,
  IMAGES,
  ROOT,
  roundTrip,
  Scope,
  uniqueName,
  waitFor,
  waitHealthy,
} from './support/docker.js';

const scope = new Scope();
const project = uniqueName('dev').replace(/-/g, '');
const files = ['docker-compose.yml'];
let dir = '';
let env: NodeJS.ProcessEnv = {};
let appPort = 0;
let webPort = 0;

const serviceContainer = async (service: string) => {
  const id = await compose(project, files, ['ps', '-q', service], { cwd: dir, env });
  if (!id) throw new Error(`no container for service ${service}`);
  return id.split('\n')[0] as string;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sbt-dev-'));
  chmodSync(dir, 0o755); // readable by the container's user, like a checkout
  for (const f of [
    'docker-compose.yml',
    'Dockerfile.dev',
    '.dockerignore',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'src',
    'web',
  ]) {
    cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  }
  appPort = await freePort();
  webPort = await freePort();
  env = {
    ...process.env,
    NODE_IMAGE: IMAGES.node,
    POSTGRES_IMAGE: IMAGES.postgres,
    REDIS_IMAGE: IMAGES.redis,
    APP_PORT: String(appPort),
    WEB_PORT: String(webPort),
    POSTGRES_PORT: String(await freePort()),
    REDIS_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
  scope.defer('project copy', async () => rmSync(dir, { recursive: true, force: true }));
  scope.composeProject(project, files, { cwd: dir, env });
  await compose(project, files, ['up', '-d', '--build'], { cwd: dir, env });
});

afterAll(async () => {
  await scope.cleanup();
  await scope.assertClean();
});

describe('development stack (docker compose up)', () => {
  it('brings app, PostgreSQL and Redis to healthy, on stockbook-network, with a named database volume', async () => {
    for (const service of ['db', 'redis', 'app']) await waitHealthy(await serviceContainer(service), 180_000);
    const app = await serviceContainer('app');
    const networks = Object.keys(
      JSON.parse(await docker(['inspect', '-f', '{{json .NetworkSettings.Networks}}', app])) as Record<string, unknown>,
    );
    expect(networks.some((n) => n.endsWith('stockbook-network'))).toBe(true);
    const mounts = JSON.parse(await docker(['inspect', '-f', '{{json .Mounts}}', await serviceContainer('db')])) as {
      Type: string;
      Name?: string;
    }[];
    expect(mounts.some((m) => m.Type === 'volume' && m.Name?.endsWith('postgres_data'))).toBe(true);
    const health = await http(`http://127.0.0.1:${appPort}/health`);
    expect(health.status).toBe(200);
    // Redis is really used (not the in-memory fallback): the cache check is ok, not degraded.
    expect(health.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'ok' }, cache: { status: 'ok' } },
    });
    await roundTrip(`http://127.0.0.1:${appPort}`, 'DEVS');
  });

  it('an edit of a source file on the host changes what the app serves, without a rebuild', async () => {
    const app = await serviceContainer('app');
    const imageBefore = await docker(['inspect', '-f', '{{.Image}}', app]);
    const versionFile = join(dir, 'src/infrastructure/version.ts');
    expect(existsSync(versionFile), 'src/infrastructure/version.ts (source of /version) exists').toBe(true);
    expect(readFileSync(versionFile, 'utf8')).toMatch(/export const packageInfo\b/);
    const before = await http(`http://127.0.0.1:${appPort}/version`);
    expect(before.status).toBe(200);

    const marker = `9.9.9-hot-reload.${Date.now()}`;
    appendFileSync(versionFile, `\npackageInfo.version = '${marker}';\n`);
    await waitFor(
      '/version to serve the edited source',
      async () => {
        const r = await http(`http://127.0.0.1:${appPort}/version`, { timeoutMs: 2000 });
        return (r.body as { version?: string }).version === marker ? true : undefined;
      },
      90_000,
      500,
    );
    // The same container and image: reloaded in place, not rebuilt or recreated.
    expect(await serviceContainer('app')).toBe(app);
    expect(await docker(['inspect', '-f', '{{.Image}}', app])).toBe(imageBefore);
  });

  it("serves the web interface on Vite's dev server, hands the API to app, and serves an edit at once", async () => {
    await waitHealthy(await serviceContainer('web'), 180_000);
    const page = await fetch(`http://127.0.0.1:${webPort}/portfolios`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/src/main.tsx');
    const setup = await http(`http://127.0.0.1:${webPort}/api/v1/setup`);
    expect(setup.status).toBe(200);
    expect(setup.body).toHaveProperty('needed');

    const routes = join(dir, 'web/src/routes.tsx');
    const marker = `hot-reload-${Date.now()}`;
    appendFileSync(routes, `\nexport const marker = '${marker}';\n`);
    await waitFor(
      'the dev server to serve the edited module',
      async () => {
        const r = await fetch(`http://127.0.0.1:${webPort}/src/routes.tsx`, { signal: AbortSignal.timeout(2000) });
        return (await r.text()).includes(marker) ? true : undefined;
      },
      60_000,
      500,
    );
  });
});
