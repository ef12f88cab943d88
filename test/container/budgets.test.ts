/**
 * The image budgets of product.md section 9, measured by bench/image.ts (`npm run bench:image`
 * prints the same numbers): image sizes over their bases, a cold build against a rebuild after a
 * one-line source change (which must reuse the dependency layers), and `docker run` -> healthy.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BUDGETS, type ImageNumbers, measureImages, report } from '../../bench/image.js';
import { docker } from './support/docker.js';

let numbers: ImageNumbers | undefined;

afterAll(async () => {
  if (numbers) process.stdout.write(`\n[container] image numbers (bench/image.ts):\n${report(numbers)}\n`);
  await docker(['image', 'rm', 'stockbook-bench/app:runtime', 'stockbook-bench/app:hardened']).catch(() => {});
});

describe('image budgets (product.md section 9)', () => {
  it('sizes, cold build vs rebuild, and docker run -> healthy are within budget', async () => {
    numbers = await measureImages((line) => process.stdout.write(`[container] ${line}\n`));
    expect(numbers.runtime.addedBytes).toBeLessThanOrEqual(BUDGETS.runtimeAddedBytes);
    expect(numbers.hardened.bytes).toBeLessThanOrEqual(BUDGETS.hardenedTotalBytes);
    expect(numbers.rebuildReusedDependencyLayers).toBe(true);
    expect(numbers.rebuildMs / numbers.coldBuildMs).toBeLessThanOrEqual(BUDGETS.rebuildShareOfCold);
    expect(numbers.runToHealthyMs.runtime).toBeLessThanOrEqual(BUDGETS.runToHealthyMs);
    expect(numbers.runToHealthyMs.hardened).toBeLessThanOrEqual(BUDGETS.runToHealthyMs);
  });
});
