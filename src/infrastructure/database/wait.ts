import { setTimeout as sleep } from 'node:timers/promises';

/** Where a URL points, without its password, for log lines. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the database';
  }
}

/**
 * Waits until the database answers, with exponential backoff (0.2 s doubling to 5 s), for at most
 * `timeoutSeconds`; then throws with the last reason.
 */
export async function waitForDatabase(
  ping: () => Promise<unknown>,
  timeoutSeconds: number,
  onRetry: (attempt: number, error: Error) => void = () => {},
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 200;
  for (let attempt = 1; ; attempt++) {
    try {
      await ping();
      return;
    } catch (error) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw error;
      onRetry(attempt, error as Error);
      await sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
