import { GICS_SECTORS } from '../../src/domain/gics.js';
import { GRADES } from '../../src/domain/stock.js';
import { ApiClient, mapConcurrent } from '../lib/api.js';
import type { BenchContext } from '../lib/context.js';
import { type LoadResult, measureLoad } from '../lib/load.js';
import type { CpuProbe, ResourceSampler } from '../lib/process.js';

export const STOCK_COUNT = 1000;
const SEED_CONCURRENCY = 10;
const SECTORS = GICS_SECTORS.map((s) => s.name);

export const CREDENTIALS = { email: 'bench@example.com', password: 'bench-password-123' };

/** What the load runs need from a seeded service (also what the Python baseline reuses). */
export interface SeededStocks {
  token: string;
  ids: string[];
  seedSeconds: number;
}

/** Setup, login and `count` stocks created over HTTP (the API's own validation and writes). */
export async function seedStocks(baseUrl: string, count: number): Promise<SeededStocks> {
  const api = new ApiClient(baseUrl);
  const start = performance.now();
  const token = await api.setupAndLogin(CREDENTIALS);
  const created = await mapConcurrent(
    Array.from({ length: count }, (_, i) => i),
    SEED_CONCURRENCY,
    (i) =>
      api.post<{ id: string }>('/api/v1/stocks', {
        symbol: `S${String(i).padStart(4, '0')}`,
        company_name: `Bench Company ${i}`,
        sector: SECTORS[i % SECTORS.length],
        grade: GRADES[i % GRADES.length],
      }),
  );
  const seedSeconds = (performance.now() - start) / 1000;
  // A spot check that the load below measures real answers, not 401s or empty pages.
  const page = await api.get<{ items: unknown[]; total: number }>('/api/v1/stocks?size=20');
  if (page.total !== count || page.items.length !== 20)
    throw new Error(`seeding check failed: total ${page.total}, ${page.items.length} items on the first page`);
  return { token, ids: created.map((s) => s.id), seedSeconds };
}

/** The two benchmarked requests; the id one rotates through every seeded stock. */
export async function loadStockEndpoints(
  ctx: BenchContext,
  label: string,
  baseUrl: string,
  seeded: SeededStocks,
  sampler: ResourceSampler,
  cpuProbes: CpuProbe[] = [],
): Promise<LoadResult[]> {
  const { connections, durationSeconds, warmupSeconds } = ctx.options;
  const headers = { authorization: `Bearer ${seeded.token}` };
  let next = 0;
  const common = { baseUrl, headers, connections, durationSeconds, warmupSeconds, sampler, cpuProbes };
  ctx.log(`  ${label}: GET /api/v1/stocks?size=20 (${warmupSeconds}s warm-up + ${durationSeconds}s)`);
  const list = await measureLoad({ ...common, label: `${label} list`, path: '/api/v1/stocks?size=20' });
  ctx.log(`  ${label}: GET /api/v1/stocks/{id} rotating over ${seeded.ids.length} ids`);
  const get = await measureLoad({
    ...common,
    label: `${label} get`,
    path: () => `/api/v1/stocks/${seeded.ids[next++ % seeded.ids.length]}`,
  });
  return [list, get];
}
