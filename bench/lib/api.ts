/** A small JSON client for seeding and spot checks (the load itself goes through autocannon). */
export class ApiClient {
  token: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    expect: number[] = [200, 201, 204],
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    const parsed = (text === '' ? null : JSON.parse(text)) as T;
    if (!expect.includes(response.status))
      throw new Error(
        `${method} ${path} answered ${response.status}, expected ${expect.join('/')}: ${text.slice(0, 400)}`,
      );
    return { status: response.status, body: parsed };
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path).then((r) => r.body);
  }

  post<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body).then((r) => r.body);
  }

  /** First-run setup of a household and its owner, then a bearer login. */
  async setupAndLogin(credentials: { email: string; password: string }): Promise<string> {
    await this.request('POST', '/api/v1/setup', {
      household_name: 'Bench household',
      display_name: 'Bench owner',
      ...credentials,
    });
    const login = await this.post<{ access_token: string }>('/api/v1/auth/login', credentials);
    this.token = login.access_token;
    return this.token;
  }
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
