/**
 * Image numbers (product.md section 9): `npm run bench:image`.
 *
 *   - runtime and hardened image sizes, and the bytes each adds over its base image;
 *   - cold build time: no layer cache and no npm download cache (BuildKit's cache mounts pruned);
 *   - rebuild time after a one-line source change, and whether the dependency layers were reused;
 *   - `docker run` -> Docker health `healthy`, with PostgreSQL up and migrated.
 *
 * It builds from a snapshot of the working tree in a temporary directory (the one-line change is
 * made there), tags its images stockbook-bench/..., removes every container and network it starts,
 * and writes bench/results/image.json. The container suite asserts the budgets with the same code.
 * Note: the cold build prunes BuildKit's cache mounts (the npm download cache) of this engine.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DOCKER,
  databaseUrl,
  docker,
  exec,
  IMAGES,
  ROOT,
  Scope,
  secretKey,
  startPostgres,
  uniqueName,
  waitHealthy,
} from '../test/container/support/docker.js';
import { BUILD_META, baseImages, imageSize, type Target } from '../test/container/support/images.js';

export const BUDGETS = {
  runtimeAddedBytes: 60_000_000,
  hardenedTotalBytes: 150_000_000,
  rebuildShareOfCold: 0.25,
  runToHealthyMs: 5000,
};

export interface ImageNumbers {
  runtime: { bytes: number; baseBytes: number; addedBytes: number; base: string };
  hardened: { bytes: number; baseBytes: number; addedBytes: number; base: string };
  coldBuildMs: number;
  rebuildMs: number;
  rebuildReusedDependencyLayers: boolean;
  runToHealthyMs: Record<Target, number>;
}

const tag = (target: Target) => `stockbook-bench/app:${target}`;

/** A copy of the working tree without what .dockerignore would drop anyway (and is large). */
function snapshot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stockbook-bench-ctx-'));
  const skipTop = new Set(['.git', 'dist', 'data', 'coverage', 'test-results']);
  cpSync(ROOT, dir, {
    recursive: true,
    filter: (src) => basename(src) !== 'node_modules' && !skipTop.has(relative(ROOT, src).split(sep)[0] ?? ''),
  });
  return dir;
}

async function build(target: Target, context: string, opts: { noCache?: boolean } = {}) {
  const { distroless } = await baseImages();
  const args = [
    'build',
    '--progress=plain',
    '--target',
    target,
    '-t',
    tag(target),
    '--build-arg',
    `NODE_IMAGE=${IMAGES.node}`,
    '--build-arg',
    `DISTROLESS_IMAGE=${distroless}`,
    ...Object.entries(BUILD_META).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...(opts.noCache ? ['--no-cache'] : []),
    context,
  ];
  const t0 = Date.now();
  const r = await exec(DOCKER, args, { env: { ...process.env, DOCKER_BUILDKIT: '1' }, timeoutMs: 1_800_000 });
  const ms = Date.now() - t0;
  if (r.code !== 0) throw new Error(`docker build ${target} failed:\n${r.stderr.slice(-4000)}`);
  return { ms, log: r.stderr };
}

/** Whether BuildKit reported the dependency-install steps (`npm ci` in deps and prod-deps) as cached. */
function dependencyLayersCached(log: string): boolean {
  const steps = new Map<string, string>();
  for (const m of log.matchAll(/^#(\d+) \[(deps|prod-deps) \d+\/\d+\] RUN .*npm ci.*$/gm))
    if (m[1]) steps.set(m[1], m[2] ?? '');
  if (steps.size === 0) return false;
  return [...steps.keys()].every((id) => new RegExp(`^#${id} CACHED$`, 'm').test(log));
}

export async function measureImages(log: (line: string) => void = () => {}): Promise<ImageNumbers> {
  const scope = new Scope();
  const ctx = snapshot();
  scope.defer('snapshot', async () => rmSync(ctx, { recursive: true, force: true }));
  try {
    const { distroless } = await baseImages();
    log('cold build (no layer cache, npm download cache pruned) ...');
    await docker(['builder', 'prune', '-f', '--filter', 'type=exec.cachemount']);
    const cold = await build('runtime', ctx, { noCache: true });
    log(`  ${(cold.ms / 1000).toFixed(1)} s`);
    await build('hardened', ctx);

    log('rebuild after a one-line source change ...');
    appendFileSync(join(ctx, 'src/cli/main.ts'), `\n// bench: one-line change ${Date.now()}\n`);
    const rebuild = await build('runtime', ctx);
    const reused = dependencyLayersCached(rebuild.log);
    log(`  ${(rebuild.ms / 1000).toFixed(1)} s, dependency layers ${reused ? 'reused' : 'NOT reused'}`);
    await build('hardened', ctx);

    const runtimeBytes = await imageSize(tag('runtime'));
    const nodeBytes = await imageSize(IMAGES.node);
    const hardenedBytes = await imageSize(tag('hardened'));
    const distrolessBytes = await imageSize(distroless);

    log('docker run -> healthy (database up and migrated) ...');
    const network = await scope.network();
    await startPostgres(scope, network, 'db');
    const secret = secretKey();
    const env = ['-e', `DATABASE_URL=${databaseUrl('db')}`, '-e', `SECRET_KEY=${secret}`];
    await docker(['run', '--rm', ...scope.labelArgs, '--network', network, ...env, tag('runtime'), 'migrate']);
    const runToHealthyMs = { runtime: 0, hardened: 0 } as Record<Target, number>;
    for (const target of ['runtime', 'hardened'] as const) {
      const name = uniqueName(`bench-${target}`);
      const t0 = Date.now();
      await scope.run(name, ['--network', network, ...env, tag(target)]);
      await waitHealthy(name, 60_000);
      runToHealthyMs[target] = Date.now() - t0;
      await docker(['rm', '-f', name]);
      log(`  ${target}: ${(runToHealthyMs[target] / 1000).toFixed(2)} s`);
    }
    return {
      runtime: { bytes: runtimeBytes, baseBytes: nodeBytes, addedBytes: runtimeBytes - nodeBytes, base: IMAGES.node },
      hardened: {
        bytes: hardenedBytes,
        baseBytes: distrolessBytes,
        addedBytes: hardenedBytes - distrolessBytes,
        base: distroless,
      },
      coldBuildMs: cold.ms,
      rebuildMs: rebuild.ms,
      rebuildReusedDependencyLayers: reused,
      runToHealthyMs,
    };
  } finally {
    await scope.cleanup();
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function report(n: ImageNumbers): string {
  const ok = (pass: boolean) => (pass ? 'ok' : 'OVER BUDGET');
  const share = n.rebuildMs / n.coldBuildMs;
  return [
    `runtime image   ${mb(n.runtime.bytes)}; adds ${mb(n.runtime.addedBytes)} over ${n.runtime.base} (budget 60 MB: ${ok(n.runtime.addedBytes <= BUDGETS.runtimeAddedBytes)})`,
    `hardened image  ${mb(n.hardened.bytes)} in all (budget 150 MB: ${ok(n.hardened.bytes <= BUDGETS.hardenedTotalBytes)}); adds ${mb(n.hardened.addedBytes)} over ${n.hardened.base}`,
    `cold build      ${(n.coldBuildMs / 1000).toFixed(1)} s (runtime target, no layer cache, no npm cache)`,
    `rebuild         ${(n.rebuildMs / 1000).toFixed(1)} s after a one-line source change = ${(share * 100).toFixed(0)} % of cold (budget 25 %: ${ok(share <= BUDGETS.rebuildShareOfCold)}); dependency layers ${n.rebuildReusedDependencyLayers ? 'reused' : 'NOT reused'}`,
    `run -> healthy  runtime ${(n.runToHealthyMs.runtime / 1000).toFixed(2)} s, hardened ${(n.runToHealthyMs.hardened / 1000).toFixed(2)} s (budget 5 s: ${ok(Math.max(n.runToHealthyMs.runtime, n.runToHealthyMs.hardened) <= BUDGETS.runToHealthyMs)})`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const numbers = await measureImages((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`\n${report(numbers)}\n`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/image.json'), `${JSON.stringify(numbers, null, 2)}\n`);
}
