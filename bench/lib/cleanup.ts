/**
 * Things to undo when the bench ends, also on Ctrl-C: stop the services it spawned (they run in their
 * own process groups and would outlive it) and drop the databases it created.
 */
const tasks = new Map<number, { label: string; run: () => Promise<unknown> }>();
let nextId = 0;

export function onCleanup(label: string, run: () => Promise<unknown>): () => void {
  const id = nextId++;
  tasks.set(id, { label, run });
  return () => {
    tasks.delete(id);
  };
}

export async function cleanupAll(): Promise<void> {
  const pending = [...tasks.values()].reverse();
  tasks.clear();
  for (const task of pending) {
    try {
      await task.run();
    } catch (error) {
      process.stderr.write(`cleanup of ${task.label} failed: ${(error as Error).message}\n`);
    }
  }
}

let interrupted = false;
export function installSignalCleanup(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      process.stderr.write(`\n${signal}: stopping services and dropping bench databases...\n`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}
