import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { redisServer } from './environment.js';

/**
 * Restarting the PostgreSQL cluster and the Redis server the bench uses, for the soak (issue 11 part 7).
 * Each is found from the URL the bench was given and checked to run on this machine before the soak
 * starts; nothing else on the machine is touched. Commands run asynchronously: the load keeps running
 * (and failing) while they do.
 */

const run = promisify(execFile);
const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Restarter {
  service: 'postgres' | 'redis';
  /** The commands as a shell would show them (printed with the results). */
  description: string;
  /** Issues the restart and resolves once the commands have returned. */
  restart(): Promise<void>;
  /** Whether the service answers again (a new connection and a trivial command). */
  answers(): Promise<boolean>;
}

export interface RestartTiming {
  service: 'postgres' | 'redis';
  command: string;
  /** performance.now() when the restart was issued. */
  issuedAt: number;
  /** performance.now() when the commands returned. */
  commandDoneAt: number | null;
  /** performance.now() of the first answer after the restart: "the service is back". */
  backAt: number | null;
  error: string | null;
}

/** Issues the restart, then polls every 50 ms until the service answers (up to `timeoutMs`). */
export async function restartAndWait(restarter: Restarter, timeoutMs = 60_000): Promise<RestartTiming> {
  const timing: RestartTiming = {
    service: restarter.service,
    command: restarter.description,
    issuedAt: performance.now(),
    commandDoneAt: null,
    backAt: null,
    error: null,
  };
  try {
    await restarter.restart();
    timing.commandDoneAt = performance.now();
  } catch (error) {
    timing.error = (error as Error).message;
  }
  while (performance.now() - timing.issuedAt < timeoutMs) {
    if (await restarter.answers()) {
      timing.backAt = performance.now();
      return timing;
    }
    await sleep(50);
  }
  timing.error = `${timing.error ?? ''}${timing.error ? '; ' : ''}not answering ${timeoutMs / 1000} s after the restart`;
  return timing;
}

/**
 * The Debian cluster (`pg_ctlcluster VERSION NAME restart`, fast mode) that serves `url`: its version and
 * name from `cluster_name` ("15/main"), else from `pg_lsclusters` by data directory. Null with the reason
 * when the server is not on this machine or is not such a cluster.
 */
export async function postgresRestarter(url: string): Promise<Restarter | { problem: string }> {
  const { hostname } = new URL(url);
  if (!LOCAL_HOSTS.includes(hostname)) return { problem: `PostgreSQL at ${hostname} is not on this machine` };
  if (!existsSync('/usr/bin/pg_ctlcluster'))
    return { problem: 'pg_ctlcluster not found (not a Debian PostgreSQL cluster)' };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  let clusterName = '';
  let dataDirectory = '';
  let port = '';
  await client.connect();
  try {
    const setting = async (name: string) =>
      (await client.query<{ v: string }>(`SELECT current_setting($1, true) AS v`, [name])).rows[0]?.v ?? '';
    clusterName = await setting('cluster_name');
    dataDirectory = await setting('data_directory');
    port = await setting('port');
  } finally {
    await client.end();
  }
  let version: string | undefined;
  let name: string | undefined;
  const named = /^(\d+)\/(\S+)$/.exec(clusterName);
  if (named !== null) [, version, name] = named;
  else {
    const listed = await run('pg_lsclusters', ['--no-header']).catch(() => ({ stdout: '' }));
    for (const line of listed.stdout.split('\n')) {
      const [v, n, p, , , dir] = line.trim().split(/\s+/);
      if ((dataDirectory !== '' && dir === dataDirectory) || (dataDirectory === '' && p === port)) {
        version = v;
        name = n;
      }
    }
  }
  if (version === undefined || name === undefined)
    return { problem: `no cluster found for data directory '${dataDirectory}' (cluster_name '${clusterName}')` };
  const args = [version, name, 'restart'];
  return {
    service: 'postgres',
    description: `pg_ctlcluster ${args.join(' ')}`,
    async restart() {
      await run('pg_ctlcluster', args, { timeout: 120_000 });
    },
    async answers() {
      const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      try {
        await probe.connect();
        await probe.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await probe.end().catch(() => {});
      }
    },
  };
}

/**
 * The redis-server at `url`, stopped with `redis-cli shutdown nosave` and started again daemonized with the
 * settings it runs with (read with CONFIG GET: port, bind, save, appendonly, dir, memory limits; its config
 * file first when it has one). Its process title no longer shows its arguments, so they are rebuilt so.
 */
export async function redisRestarter(url: string): Promise<Restarter | { problem: string }> {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  if (!LOCAL_HOSTS.includes(host)) return { problem: `Redis at ${host} is not on this machine` };
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let args: string[];
  let executable: string;
  let pid: number;
  try {
    await client.connect();
    const info = await client.info('server');
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
    // Redis reports its working directory joined with argv[0] when that was a bare name: not always a file.
    const reported = field('executable');
    executable = reported !== '' && existsSync(reported) ? reported : 'redis-server';
    pid = Number(field('process_id'));
    const configFile = field('config_file');
    const config = async (name: string) => {
      const pair = (await client.config('GET', name)) as string[];
      return pair[1] ?? '';
    };
    args = configFile === '' ? [] : [configFile];
    args.push('--port', await config('port'));
    const bind = (await config('bind')).split(/\s+/).filter((b) => b !== '');
    if (bind.length > 0) args.push('--bind', ...bind);
    args.push('--save', await config('save'));
    args.push('--appendonly', await config('appendonly'));
    args.push('--dir', await config('dir'));
    args.push('--maxmemory', await config('maxmemory'));
    args.push('--maxmemory-policy', await config('maxmemory-policy'));
    args.push('--daemonize', 'yes');
  } catch (error) {
    return { problem: `cannot read the settings of the Redis at ${host}:${parsed.port}: ${(error as Error).message}` };
  } finally {
    client.disconnect();
  }
  const port = parsed.port || '6379';
  const quote = (a: string) => (/^[\w./:-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return {
    service: 'redis',
    description: `redis-cli -h ${host} -p ${port} shutdown nosave; ${executable} ${args.map(quote).join(' ')}`,
    async restart() {
      // redis-cli exits with an error when the server closes the connection on shutdown: that is success.
      await run('redis-cli', ['-h', host, '-p', port, 'shutdown', 'nosave'], { timeout: 30_000 }).catch(() => {});
      const deadline = performance.now() + 30_000;
      while (existsSync(`/proc/${pid}`) && performance.now() < deadline) await sleep(20);
      if (existsSync(`/proc/${pid}`)) throw new Error(`redis-server ${pid} still running 30 s after shutdown`);
      await run(executable, args, { timeout: 30_000 });
      const answer = await redisServer(url);
      if (answer?.pid) pid = answer.pid;
    },
    async answers() {
      const answer = await redisServer(url, 500);
      if (answer?.pid) pid = answer.pid;
      return answer !== null;
    },
  };
}
