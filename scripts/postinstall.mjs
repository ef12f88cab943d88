// postinstall (npm ci / npm install in the project): builds dist/ and prepares the embedded database's
// template (see src/infrastructure/database/pglite-template.ts), so that the first `npm start` only
// starts. Best effort: a failure here only means the first start does that work itself.
import { spawnSync } from 'node:child_process';

const steps = [
  ['build', ['scripts/build.mjs']],
  [
    'embedded database template',
    [
      '--import',
      'tsx',
      '-e',
      "import('./src/infrastructure/database/pglite-template.ts').then((m) => m.writeClusterTemplate())",
    ],
  ],
];
for (const [name, args] of steps) {
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  if (result.status !== 0)
    process.stderr.write(`stockbook: postinstall step '${name}' skipped (npm start will do it)\n`);
}
