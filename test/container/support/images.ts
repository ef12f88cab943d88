/**
 * Building the project's images for the container suite and `npm run bench:image`.
 * Tags are stockbook-test/...; run.sh removes them at the end of the suite.
 */
import { docker, FIXTURES, IMAGES, IN_SANDBOX, ROOT } from './docker.js';

export type Target = 'runtime' | 'hardened';
export const appTag = (target: Target) => `stockbook-test/app:${target}`;

/** What the OCI labels are built from in the suite (checked on the images). */
export const BUILD_META = {
  VERSION: '0.0.0-container-test',
  REVISION: '0123456789abcdef0123456789abcdef01234567',
  CREATED: '2026-01-01T00:00:00Z',
  SOURCE: 'https://example.invalid/stockbook',
};

let bases: Promise<{ distroless: string; proxy: string }> | undefined;

/**
 * The bases the Dockerfile and the production stack are built and run on. In the sandbox two
 * stand-ins are completed (see the fixtures' headers): the distroless stand-in gets the rest of
 * Debian 12's glibc that the real distroless image has, and nginx (the production proxy) is built
 * from Debian's package. With real registries the official images are used as they are.
 */
export function baseImages(): Promise<{ distroless: string; proxy: string }> {
  bases ??= (async () => {
    if (!IN_SANDBOX) return { distroless: IMAGES.distroless, proxy: process.env.PROXY_IMAGE ?? 'nginx:1.27-alpine' };
    const distroless = 'stockbook-test/distroless:stand-in';
    const proxy = process.env.PROXY_IMAGE ?? 'stockbook-test/nginx:stand-in';
    await docker(
      [
        'build',
        '-q',
        '-t',
        distroless,
        '-f',
        `${FIXTURES}/distroless-libc.Dockerfile`,
        '--build-arg',
        `DEBIAN_IMAGE=${IMAGES.debian}`,
        '--build-arg',
        `DISTROLESS_IMAGE=${IMAGES.distroless}`,
        FIXTURES,
      ],
      { timeoutMs: 600_000 },
    );
    if (proxy === 'stockbook-test/nginx:stand-in') {
      await docker(
        [
          'build',
          '-q',
          '-t',
          proxy,
          '-f',
          `${FIXTURES}/nginx.Dockerfile`,
          '--build-arg',
          `BASE_IMAGE=${IMAGES.debian}`,
          FIXTURES,
        ],
        { timeoutMs: 600_000 },
      );
    }
    return { distroless, proxy };
  })();
  return bases;
}

export interface BuildOptions {
  context?: string;
  tag?: string;
  noCache?: boolean;
}

/** `docker build --target <target>` with the base images as build arguments; returns the build time in ms. */
export async function buildTarget(target: Target, opts: BuildOptions = {}): Promise<number> {
  const { distroless } = await baseImages();
  const args = [
    'build',
    '-q',
    '--target',
    target,
    '-t',
    opts.tag ?? appTag(target),
    '--build-arg',
    `NODE_IMAGE=${IMAGES.node}`,
    '--build-arg',
    `DISTROLESS_IMAGE=${distroless}`,
    ...Object.entries(BUILD_META).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
  ];
  if (opts.noCache) args.push('--no-cache');
  const t0 = Date.now();
  await docker([...args, opts.context ?? ROOT], { timeoutMs: 900_000 });
  return Date.now() - t0;
}

export async function imageSize(image: string): Promise<number> {
  return Number(await docker(['image', 'inspect', '-f', '{{.Size}}', image]));
}
