// The one build: the service (src/*.ts → dist/*.js, one file per file, transpiled by esbuild in about
// 0.1 s) and the web interface (web/ → web/dist by Vite, about 2 s, with .br and .gz beside each text
// asset for @fastify/static's preCompressed). The tsconfig's isolatedModules and verbatimModuleSyntax
// make per-file transpiling exact; type checking is `npm run typecheck`, run by CI before anything ships.
//   --if-stale   (npm start) builds only what is older than its sources
//   --web        only the web interface;  --service  only the service
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const args = new Set(process.argv.slice(2));
const ifStale = args.has('--if-stale');
const only = args.has('--web') ? 'web' : args.has('--service') ? 'service' : null;

function filesUnder(dir, keep) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => keep(f) && statSync(f).isFile())
    .sort();
}

/** A build is up to date while its stamp lists the same inputs and none is newer than the stamp. */
function upToDate(stamp, inputs) {
  try {
    const built = statSync(stamp).mtimeMs;
    return readFileSync(stamp, 'utf8') === inputs.join('\n') && inputs.every((f) => statSync(f).mtimeMs <= built);
  } catch {
    return false;
  }
}

async function buildService() {
  const stamp = join('dist', '.build-stamp');
  const sources = filesUnder('src', (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const inputs = [...sources, 'tsconfig.json', 'package.json', 'scripts/build.mjs'];
  if (ifStale && upToDate(stamp, inputs)) return;
  const { build } = await import('esbuild');
  rmSync('dist', { recursive: true, force: true });
  await build({
    entryPoints: sources,
    outdir: 'dist',
    outbase: 'src',
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  writeFileSync(stamp, inputs.join('\n'));
}

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

async function compress(dir) {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  for (const file of filesUnder(dir, (f) => COMPRESSIBLE.test(f))) {
    const content = readFileSync(file);
    if (content.length < 1024) continue;
    writeFileSync(`${file}.br`, await brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, await gz(content, { level: 9 }));
  }
}

async function buildWeb() {
  const stamp = join('web', 'dist', '.build-stamp');
  const inputs = [
    ...filesUnder(join('web', 'src'), () => true),
    ...filesUnder(join('web', 'public'), () => true),
    'web/index.html',
    'web/vite.config.ts',
    'package-lock.json',
    'scripts/build.mjs',
  ];
  if (ifStale && upToDate(stamp, inputs)) return;
  // The production build of React and of the interface, whatever NODE_ENV the caller runs under (a test
  // runner sets "test", which would make Vite bundle React's development build).
  process.env.NODE_ENV = 'production';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    // A production-only install has no Vite: the service starts and / shows the API documentation.
    process.stderr.write('stockbook: the web interface is not built (Vite is not installed: npm ci)\n');
    return;
  }
  await vite.build({ configFile: 'web/vite.config.ts', mode: 'production', logLevel: 'warn' });
  await compress(join('web', 'dist'));
  writeFileSync(stamp, inputs.join('\n'));
}

if (only !== 'web') await buildService();
if (only !== 'service') await buildWeb();
