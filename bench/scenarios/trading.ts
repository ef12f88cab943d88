import type { Scenario } from '../lib/context.js';

export const tradingScenario: Scenario = {
  name: 'trading',
  summary: 'issue 4: holdings/analytics over 100,000 trades (pending)',
  async run() {
    return { name: 'trading', status: 'skipped', messages: ['not written yet'], tables: [], data: {} };
  },
};
