import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario, ScenarioReport } from '../lib/context.js';
import { summarize } from '../lib/stats.js';
import { startStockbook } from '../lib/stockbook.js';

type Mode = 'npm-start' | 'dist';
const COMMANDS: Record<Mode, string> = { 'npm-start': 'npm start (tsx src/)', dist: 'node dist/cli/main.js serve' };

/**
 * The "fresh clone" start: no configuration but a port and a data directory (PGlite, in-process cache,
 * development mode), timed from spawn to the first 200 from /health, polled every 10 ms. Each repeat
 * starts on a new empty data directory (initdb + migrations), stops, then starts again on it.
 */
export const coldStartScenario: Scenario = {
  name: 'cold-start',
  summary: 'spawn to first 200 from /health on a fresh and on an existing PGlite data dir',
  async run(ctx) {
    const report: ScenarioReport = { name: 'cold-start', status: 'ok', messages: [], tables: [], data: {} };
    const samples: Record<string, number[]> = {};
    const others: Record<string, number[]> = {};
    for (const mode of ['npm-start', 'dist'] as Mode[]) {
      for (let i = 0; i < ctx.options.coldStartRepeats; i++) {
        const dir = mkdtempSync(join(tmpdir(), 'stockbook-cold-'));
        try {
          for (const state of ['fresh', 'existing'] as const) {
            const service = await startStockbook(ctx, {
              label: `cold-${mode}-${state}-${i + 1}`,
              mode,
              dataDir: join(dir, 'data'),
              production: false,
              pollMs: 10,
            });
            const exitCode = await service.stop();
            // npm start is stopped with a signal to its whole process group: npm itself ends by the signal.
            if (exitCode !== 0 && mode === 'dist')
              report.messages.push(`${mode} ${state} #${i + 1}: exit code ${exitCode} after SIGTERM`);
            const key = `${mode}|${state}`;
            samples[key] = [...(samples[key] ?? []), service.readyMs];
            others[key] = [...(others[key] ?? []), service.startCpu.other];
            ctx.log(
              `  ${COMMANDS[mode]}, ${state} data dir: ${service.readyMs.toFixed(0)} ms (other CPU meanwhile ${service.startCpu.other.toFixed(0)} %)`,
            );
          }
        } catch (error) {
          report.status = 'failed';
          report.messages.push(`${mode}: ${(error as Error).message}`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    const rows = Object.entries(samples).map(([key, values]) => {
      const [mode, state] = key.split('|') as [Mode, string];
      const s = summarize(values);
      const other = others[key] ?? [];
      return [
        COMMANDS[mode],
        state,
        s.p50,
        Math.min(...values),
        s.max,
        values.length,
        other.reduce((a, b) => a + b, 0) / other.length,
      ];
    });
    report.data.samplesMs = samples;
    report.data.otherCpuPercent = others;
    report.tables.push({
      title: 'Cold start: spawn to first 200 from GET /health (PGlite, no configuration)',
      columns: ['command', 'data dir', 'median ms', 'min ms', 'max ms', 'runs', 'other CPU'],
      rows,
      notes: [
        'other CPU = mean CPU of everything but the starting service during the start (100 = one core): noise',
        'budget (product.md 9): npm start to a 200 from /health <= 3000 ms',
      ],
    });
    return report;
  },
};
