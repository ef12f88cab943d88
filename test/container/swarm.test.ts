/**
 * docker-compose.prod.yml on Swarm: `docker swarm init` + `docker stack deploy`, 3/3 app replicas
 * running and healthy. This kernel has no IPVS, so the stack uses DNS round robin
 * (`endpoint_mode: dnsrr`) behind its nginx proxy, which publishes its port in host mode.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  docker,
  dockerTry,
  freePort,
  http,
  IMAGES,
  ROOT,
  roundTrip,
  Scope,
  secretKey,
  uniqueName,
  waitFor,
  waitHealthy,
} from './support/docker.js';
import { appTag, baseImages, buildTarget } from './support/images.js';

const scope = new Scope();
const stack = uniqueName('stack').replace(/-/g, '');
let dir = '';
let httpPort = 0;

const stackContainers = async (service: string) =>
  (await docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${stack}_${service}`]))
    .split('\n')
    .filter(Boolean);

beforeAll(async () => {
  const [{ proxy }] = await Promise.all([baseImages(), buildTarget('runtime')]);
  dir = mkdtempSync(join(tmpdir(), 'sbt-swarm-'));
  for (const f of ['docker-compose.prod.yml', 'deploy']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  scope.defer('stack copy', async () => rmSync(dir, { recursive: true, force: true }));
  httpPort = await freePort();

  const swarmBefore = await docker(['info', '-f', '{{.Swarm.LocalNodeState}}']);
  const gwbridgeBefore = (await dockerTry(['network', 'inspect', 'docker_gwbridge'])).code === 0;
  if (swarmBefore !== 'active') {
    await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1']);
    scope.defer('swarm', async () => {
      await dockerTry(['swarm', 'leave', '--force']);
      if (!gwbridgeBefore) await dockerTry(['network', 'rm', 'docker_gwbridge']);
    });
  }
  scope.track(`label=com.docker.stack.namespace=${stack}`);
  scope.defer(`stack ${stack}`, async () => {
    await dockerTry(['stack', 'rm', stack]);
    const gone = async (kind: string[]) =>
      (await docker([...kind, '-q', '--filter', `label=com.docker.stack.namespace=${stack}`])) === ''
        ? true
        : undefined;
    await waitFor('the stack containers to go', () => gone(['ps', '-a']), 60_000, 500).catch(() => {});
    await waitFor('the stack network to go', () => gone(['network', 'ls']), 60_000, 500).catch(() => {});
    const volumes = (
      await docker(['volume', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`])
    ).split('\n');
    for (const v of volumes.filter(Boolean)) await dockerTry(['volume', 'rm', v]);
  });
  await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', 'docker-compose.prod.yml', stack], {
    cwd: dir,
    env: {
      ...process.env,
      STOCKBOOK_IMAGE: appTag('runtime'),
      PROXY_IMAGE: proxy,
      POSTGRES_IMAGE: IMAGES.postgres,
      REDIS_IMAGE: IMAGES.redis,
      SECRET_KEY: secretKey(),
      POSTGRES_PASSWORD: secretKey(),
      HTTP_PORT: String(httpPort),
    },
  });
});

afterAll(async () => {
  await scope.cleanup();
  await scope.assertClean();
});

describe('Swarm (docker stack deploy -c docker-compose.prod.yml)', () => {
  it('runs 3/3 app replicas, each healthy', async () => {
    await waitFor(
      'the app service to report 3/3',
      async () => {
        const out = await docker(['service', 'ls', '--filter', `name=${stack}_app`, '--format', '{{.Replicas}}']);
        return out === '3/3' ? true : undefined;
      },
      240_000,
      1000,
    );
    const tasks = await stackContainers('app');
    expect(tasks).toHaveLength(3);
    await Promise.all(tasks.map((t) => waitHealthy(t, 120_000)));
  });

  it('deploys the limits, reservations, read-only root, dropped capabilities, init and DNS round robin', async () => {
    const spec = JSON.parse(await docker(['service', 'inspect', '-f', '{{json .Spec}}', `${stack}_app`])) as {
      Mode: { Replicated: { Replicas: number } };
      EndpointSpec: { Mode: string };
      TaskTemplate: {
        Resources: { Limits: Record<string, number>; Reservations: Record<string, number> };
        ContainerSpec: { ReadOnly?: boolean; CapabilityDrop?: string[]; Init?: boolean };
      };
    };
    expect(spec.Mode.Replicated.Replicas).toBe(3);
    expect(spec.EndpointSpec.Mode).toBe('dnsrr');
    expect(spec.TaskTemplate.Resources).toMatchObject({
      Limits: { NanoCPUs: 500_000_000, MemoryBytes: 512 * 1024 * 1024 },
      Reservations: { NanoCPUs: 250_000_000, MemoryBytes: 256 * 1024 * 1024 },
    });
    expect(spec.TaskTemplate.ContainerSpec).toMatchObject({ ReadOnly: true, CapabilityDrop: ['ALL'], Init: true });
  });

  it('answers through the proxy: /health 200 and a login + stock round trip', async () => {
    const base = `http://127.0.0.1:${httpPort}`;
    await waitFor(
      'the proxy to answer',
      async () => ((await http(`${base}/health`)).status === 200 ? true : undefined),
      60_000,
      1000,
    );
    await roundTrip(base, 'SWRM');
  });
});
