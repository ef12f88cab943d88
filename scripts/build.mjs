// The one build of the service: src/*.ts → dist/*.js, one file per file, transpiled by esbuild (about
// 0.1 s). The tsconfig's isolatedModules and verbatimModuleSyntax make per-file transpiling exact; type
// checking is `npm run typecheck`, run by CI before anything ships.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const sources = readdirSync('src', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join('src', f));
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
