import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ValuationRunner } from '../application/valuation/input.js';

/**
 * Worker threads that compute the holdings and analytics views, so that valuing a large history never stalls the
 * event loop (product.md §9: /health answers within 50 ms while they run). One thread on a two-core machine: the
 * other core is the event loop's (and the database's). The thread is kept warm: starting one costs more than most
 * valuations. Run from source (tests, tsx), the worker is the TypeScript file and loads through tsx as well.
 */
export function valuationPool(): ValuationRunner & { close(): Promise<void> } {
  const fromSource = import.meta.url.endsWith('.ts');
  const threads = Math.max(1, Math.min(2, availableParallelism() - 1));
  const pool = new Piscina({
    filename: new URL(`../application/valuation/worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // Bounds of its own. The old generation below the main heap's (--max-old-space-size=160): a runaway valuation
    // fails its request rather than the process. The young one small: a valuation's garbage is short-lived, and
    // V8's default lets an idle worker keep tens of MB resident (228 MB against 177 under the bench without it).
    resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 },
  });
  return {
    run: (task) => pool.run(task) as Promise<string>,
    close: () => pool.close(),
  };
}
