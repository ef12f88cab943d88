import { Cron } from 'croner';

/** When a cron expression (UTC) fires next after now. */
export function nextRunOf(pattern: string): () => Date | null {
  const cron = new Cron(pattern, { timezone: 'UTC', paused: true });
  return () => cron.nextRun();
}

/**
 * Calls `onSlot` with each slot's own time (the same on every replica, so that they compete for the same slot),
 * never twice at once in this process.
 */
export function startSchedule(pattern: string, onSlot: (slot: Date) => Promise<void>): { stop(): void } {
  const job = new Cron(pattern, { timezone: 'UTC', protect: true, unref: true }, async (self) => {
    const fired = self.currentRun() ?? new Date();
    const slot = self.previousRuns(1, new Date(fired.getTime() + 1))[0] ?? fired;
    await onSlot(slot);
  });
  return { stop: () => job.stop() };
}
