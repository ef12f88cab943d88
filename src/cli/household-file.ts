import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AppContext } from '../application/context.js';
import { exportHousehold, householdOwner, importHousehold } from '../application/household-transfer.js';
import { AppError } from '../domain/errors.js';
import { householdFileView, importSummaryView } from '../http/routes/household-transfer.js';

/**
 * `stockbook export --household <name|id> [--output FILE]` and `stockbook import --household <name|id> FILE`:
 * the household file of GET /api/v1/export and POST /api/v1/import, through the same use cases, acting as the
 * household's owner (for backups by cron, and inside the container).
 */

/** A refusal as one line: the message, then each field at fault. */
function oneLine(error: AppError): string {
  const details = error.details.filter((d) => d.message !== error.message).map((d) => `${d.field}: ${d.message}`);
  const line = details.length === 0 ? error.message : `${error.message} (${details.join('; ')})`;
  return line.replace(/\s*\n\s*/g, ' ');
}

/** Writes beside the target and renames, so a backup is never left half-written. */
async function writeWhole(path: string, text: string): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  try {
    await writeFile(partial, text);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

async function exportCommand(ctx: AppContext, household: string, output: string | undefined): Promise<void> {
  const owner = await householdOwner(ctx, household);
  const file = householdFileView(await exportHousehold(ctx, owner));
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (output === undefined) {
    process.stdout.write(text);
    return;
  }
  await writeWhole(output, text);
  process.stdout.write(
    `exported household '${file.household.name}' to ${output}: ${file.stocks.length} stocks, ${file.portfolios.length} portfolios\n`,
  );
}

async function importCommand(ctx: AppContext, household: string, path: string): Promise<void> {
  const owner = await householdOwner(ctx, household);
  let file: unknown;
  try {
    file = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not a readable JSON file: ${(error as Error).message}`);
  }
  const summary = await importHousehold(ctx, owner, file);
  const counts = Object.entries(importSummaryView(summary)).map(([kind, n]) => `${n} ${kind}`);
  process.stdout.write(`imported ${path} into household ${household}: ${counts.join(', ')}\n`);
}

/** Runs `export` or `import` with the rest of the command line; a refusal throws an Error of one line. */
export async function householdFileCommand(
  ctx: AppContext,
  command: 'export' | 'import',
  args: string[],
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { household: { type: 'string' }, output: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.household === undefined || values.household.trim() === '')
    throw new Error(`${command} needs --household <name|id>`);
  try {
    if (command === 'export') {
      if (positionals.length > 0) throw new Error(`export takes no file argument (use --output FILE)`);
      await exportCommand(ctx, values.household, values.output);
    } else {
      if (values.output !== undefined) throw new Error('import takes no --output');
      const [path, ...extra] = positionals;
      if (path === undefined || extra.length > 0) throw new Error('import needs exactly one FILE');
      await importCommand(ctx, values.household, path);
    }
  } catch (error) {
    if (error instanceof AppError) throw new Error(oneLine(error));
    throw error;
  }
}
