import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import type { LoadResult } from '../lib/load.js';
import type { BenchDatabase } from '../lib/postgres.js';
import { postgresBackendsCpu } from '../lib/process.js';
import { cleanEnv, freePort, startService } from '../lib/service.js';
import { loadStockEndpoints, type SeededStocks } from './stocks-common.js';

export const PYTHON_PACKAGES = 'python3-fastapi python3-uvicorn python3-sqlalchemy python3-psycopg2';
export const PYTHON_OPTIONAL_PACKAGES = 'python3-uvloop python3-httptools';

export interface PythonRun {
  label: string;
  workers: number;
  loads: LoadResult[];
  /** Summed VmHWM over uvicorn's processes (supervisor and workers). */
  vmHwmMb: number;
  versions: Record<string, string>;
}

const VERSION_PROBE = `
import json, importlib
out = {}
for name in ["fastapi", "uvicorn", "sqlalchemy", "psycopg2", "pydantic", "uvloop", "httptools"]:
    try:
        out[name] = getattr(importlib.import_module(name), "__version__", "?").split(" ")[0]
    except Exception as e:
        out[name] = None
import sys
out["python"] = sys.version.split(" ")[0]
print(json.dumps(out))
`;

/** The Debian packages' versions as the chosen interpreter sees them, or why they cannot be used. */
export function probePython(pythonBin: string): { versions: Record<string, string> } | { skipped: string } {
  const result = spawnSync(pythonBin, ['-c', VERSION_PROBE], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0)
    return { skipped: `cannot run ${pythonBin}: ${result.error?.message ?? result.stderr.trim()}` };
  const versions = JSON.parse(result.stdout) as Record<string, string | null>;
  const missing = ['fastapi', 'uvicorn', 'sqlalchemy', 'psycopg2'].filter((name) => versions[name] === null);
  if (missing.length > 0)
    return {
      skipped: `${pythonBin} lacks ${missing.join(', ')}; install them with: apt-get install -y ${PYTHON_PACKAGES} ${PYTHON_OPTIONAL_PACKAGES}`,
    };
  const present: Record<string, string> = {};
  for (const [name, version] of Object.entries(versions)) present[name] = version ?? 'absent';
  return { versions: present };
}

/**
 * The FastAPI + SQLAlchemy service of bench/python-baseline/ over the database the Node service just
 * created and seeded (the Node service is stopped by then), loaded exactly like the Node service.
 */
export async function benchPythonBaseline(
  ctx: BenchContext,
  database: BenchDatabase,
  secretKey: string,
  seeded: SeededStocks,
): Promise<{ runs: PythonRun[] } | { skipped: string }> {
  const probe = probePython(ctx.options.pythonBin);
  if ('skipped' in probe) return probe;
  const runs: PythonRun[] = [];
  for (const workers of ctx.options.pythonWorkers) {
    const label = `python-${workers}w`;
    const port = await freePort();
    ctx.log(
      `${label}: starting uvicorn with ${workers} worker(s) (FastAPI ${probe.versions.fastapi}, SQLAlchemy ${probe.versions.sqlalchemy})`,
    );
    const service = await startService({
      label,
      command: ctx.options.pythonBin,
      args: [
        '-m',
        'uvicorn',
        'app:app',
        '--app-dir',
        join(ctx.repoRoot, 'bench', 'python-baseline'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--workers',
        String(workers),
        '--log-level',
        'warning',
        '--no-access-log',
      ],
      cwd: ctx.repoRoot,
      env: cleanEnv({ DATABASE_URL: database.url, SECRET_KEY: secretKey, PYTHONDONTWRITEBYTECODE: '1' }),
      port,
      logFile: join(ctx.logDir, `${label}.log`),
      processTree: true,
    });
    try {
      // With several workers, let every one of them bind and answer before measuring.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const probes = ctx.postmasterPid === null ? [] : [postgresBackendsCpu(ctx.postmasterPid, database.name)];
      const loads = await loadStockEndpoints(ctx, label, service.baseUrl, seeded, service.sampler, probes);
      runs.push({ label, workers, loads, vmHwmMb: service.sampler.highWaterMarkKb() / 1024, versions: probe.versions });
    } finally {
      await service.stop();
    }
  }
  return { runs };
}
