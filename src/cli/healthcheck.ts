/**
 * The container health check: GET /health on this container, exit 0 on a 2xx answer, 1 on anything
 * else or no answer within the timeout. Needs nothing but node (no curl, no shell).
 */
export async function healthcheck(port: number, timeoutMs = 3000): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: controller.signal });
    if (response.ok) return 0;
    process.stderr.write(`unhealthy: /health answered ${response.status}\n`);
    return 1;
  } catch (error) {
    process.stderr.write(
      `unhealthy: ${(error as Error).name === 'AbortError' ? 'timeout' : (error as Error).message}\n`,
    );
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
