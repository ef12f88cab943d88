// The one build of the service: src/*.ts → dist/*.js, one file per file, transpiled by esbuild (about
// 0.1 s). The tsconfig's isolatedModules and verbatimModuleSyntax make per-file transpiling exact; type
// checking is `npm run typecheck`, run by CI before anything ships.
// With --if-stale (npm start) it does nothing while dist/ was built from the current sources.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = join('dist', '.build-stamp');
const sources = readdirSync('src', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join('src', f))
  .sort();
// The stamp lists the sources it was built from: a deleted or added file makes the build stale too.
const listing = sources.join('\n');

function upToDate() {
  try {
    const built = statSync(STAMP).mtimeMs;
    const inputs = [...sources, 'tsconfig.json', 'package.json', 'scripts/build.mjs'];
    return readFileSync(STAMP, 'utf8') === listing && inputs.every((f) => statSync(f).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (!(process.argv.includes('--if-stale') && upToDate())) {
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
  writeFileSync(STAMP, listing);
}
