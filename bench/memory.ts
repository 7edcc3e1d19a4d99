/**
 * Memory of the processes the bench started, from /proc (Linux): RSS (VmRSS) and PSS (smaps_rollup,
 * shared pages split among their users, so that PostgreSQL's many processes add up honestly).
 */
import fs from 'node:fs';

export interface ProcessMemory {
  pids: number[];
  rssMb: number;
  pssMb: number;
}

const kb = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function memoryOf(pids: number[]): ProcessMemory {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    rss += kb(read(`/proc/${pid}/status`), 'VmRSS');
    pss += kb(read(`/proc/${pid}/smaps_rollup`), 'Pss');
  }
  return { pids, rssMb: rss / 1024, pssMb: pss / 1024 };
}

interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    const ppid = Number(/\) \S (\d+)/.exec(stat)?.[1] ?? 0);
    out.push({ pid: Number(name), ppid, cmdline: read(`/proc/${name}/cmdline`).replace(/\0/g, ' ') });
  }
  return out;
}

/** The processes whose command line matches, and all their descendants. */
export function processTree(match: (cmdline: string) => boolean): number[] {
  const all = processes();
  const found = new Set(all.filter((p) => match(p.cmdline)).map((p) => p.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return [...found];
}
