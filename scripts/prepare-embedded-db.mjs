// postinstall: prepares the embedded database's fresh-cluster template (see
// src/infrastructure/database/pglite-template.ts), so that the first `npm start` skips initdb.
// Best effort: any failure only means the first start runs initdb itself.
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '-e', "import('./src/infrastructure/database/pglite-template.ts').then((m) => m.writeClusterTemplate())"],
  { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 },
);
if (result.status !== 0) {
  process.stderr.write(`stockbook: embedded database template not prepared (first start will run initdb)\n`);
}
