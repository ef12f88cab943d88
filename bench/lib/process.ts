import { readdirSync, readFileSync } from 'node:fs';

/** Resident-set figures of one process from /proc/<pid>/status, in kB (Linux only). */
export interface MemoryStatus {
  rssKb: number;
  /** VmHWM: the highest resident set the process has had since it started. */
  hwmKb: number;
}

export function memoryOf(pid: number): MemoryStatus | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** User + system CPU time of one process, in clock ticks (utime and stime of /proc/<pid>/stat). */
function cpuTicksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** `pid` and every live descendant (npm start → sh → tsx → node; uvicorn's supervisor and workers). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while the directory was read.
    }
  }
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

const CLOCK_TICKS_PER_SECOND = 100;

interface Sample {
  at: number;
  rssKb: number;
}

/**
 * Polls the resident set of a process (summed over its process tree when asked) so that a phase's peak
 * can be read afterwards, and the CPU time it used, for utilisation during a load.
 */
export class ResourceSampler {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;
  private tree: number[];
  private treeRefreshedAt = 0;

  constructor(
    private readonly pid: number,
    private readonly wholeTree: boolean,
    intervalMs = 100,
  ) {
    this.tree = [pid];
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  private pids(): number[] {
    if (!this.wholeTree) return [this.pid];
    const now = Date.now();
    if (now - this.treeRefreshedAt > 1000) {
      this.tree = processTree(this.pid);
      this.treeRefreshedAt = now;
    }
    return this.tree;
  }

  sample(): number {
    let rssKb = 0;
    for (const pid of this.pids()) rssKb += memoryOf(pid)?.rssKb ?? 0;
    if (rssKb > 0) this.samples.push({ at: performance.now(), rssKb });
    return rssKb;
  }

  /** The highest sampled RSS (kB) between two `performance.now()` instants (the whole run by default). */
  peakKb(from = 0, to = Number.POSITIVE_INFINITY): number {
    let peak = 0;
    for (const s of this.samples) if (s.at >= from && s.at <= to && s.rssKb > peak) peak = s.rssKb;
    return peak;
  }

  /** VmHWM of the root process, or the sum of VmHWM over the tree (an upper bound of the tree's peak). */
  highWaterMarkKb(): number {
    let total = 0;
    for (const pid of this.pids()) total += memoryOf(pid)?.hwmKb ?? 0;
    return total;
  }

  cpuTicks(): number {
    let total = 0;
    for (const pid of this.pids()) total += cpuTicksOf(pid);
    return total;
  }

  /** CPU use (100 = one core busy) from a `cpuTicks()` reading taken `elapsedMs` ago. */
  static utilisation(ticksBefore: number, ticksAfter: number, elapsedMs: number): number {
    return ((ticksAfter - ticksBefore) / CLOCK_TICKS_PER_SECOND / (elapsedMs / 1000)) * 100;
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

/** Something whose CPU time can be read in clock ticks, to compare before and after a load window. */
export interface CpuProbe {
  name: string;
  ticks(): number;
}

/** Busy ticks of the whole machine, all cores (/proc/stat: everything but idle and iowait). */
export const machineCpu: CpuProbe = {
  name: 'machine',
  ticks() {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const n = values.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return total - (n[3] ?? 0) - (n[4] ?? 0);
  },
};

/** CPU of one process (the local redis-server). */
export function processCpu(name: string, pid: number): CpuProbe {
  return { name, ticks: () => cpuTicksOf(pid) };
}

/**
 * CPU of the PostgreSQL backends serving one database: the postmaster's children whose process title
 * names it ("postgres: 15/main: postgres <database> 127.0.0.1(...) idle"), looked up at each reading.
 * Other sessions' work on the same cluster is not counted.
 */
export function postgresBackendsCpu(postmasterPid: number, database: string): CpuProbe {
  return {
    name: 'postgres',
    ticks() {
      let total = 0;
      for (const pid of processTree(postmasterPid)) {
        try {
          const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (title.includes(` ${database} `)) total += cpuTicksOf(pid);
        } catch {
          // Ended meanwhile.
        }
      }
      return total;
    },
  };
}

/** The postmaster of a local PostgreSQL cluster, when its pid file is readable. */
export function postmasterPid(dataDirectory: string): number | null {
  try {
    const pid = Number(readFileSync(`${dataDirectory}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && memoryOf(pid) !== null ? pid : null;
  } catch {
    return null;
  }
}
