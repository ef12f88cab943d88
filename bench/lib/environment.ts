import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';

/**
 * Whether a Redis server answers at the URL, and its pid (from INFO, to measure its CPU when it runs on
 * this machine): a raw RESP exchange, no client library needed. null when it does not answer.
 */
export function redisServer(url: string, timeoutMs = 1500): Promise<{ pid: number | null } | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    let received = '';
    const done = (result: { pid: number | null } | null) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.on('error', () => done(null));
    socket.on('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (data) => {
      received += data.toString();
      if (received.startsWith('-NOAUTH')) return done({ pid: null });
      if (received.startsWith('-')) return done(null);
      const header = /^\$(\d+)\r\n/.exec(received);
      if (header !== null && received.length >= header[0].length + Number(header[1])) {
        const pid = /process_id:(\d+)/.exec(received)?.[1];
        const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(hostname);
        done({ pid: local && pid !== undefined ? Number(pid) : null });
      }
    });
  });
}

export function machineInfo(repoRoot: string) {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout.trim();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    commit: git('rev-parse', '--short', 'HEAD'),
    /** Uncommitted changes under src/ (other engineers' work in progress is part of what was built). */
    srcChanges: git('status', '--porcelain', '--', 'src')
      .split('\n')
      .filter((l) => l !== '').length,
  };
}
