/**
 * CPU time of the processes the bench started, from /proc/<pid>/stat (Linux): user + system time of
 * each process and of its children that have exited (PostgreSQL's reaped backends count to the
 * postmaster), in seconds.
 */
import fs from 'node:fs';

/** Clock ticks per second of /proc's times: 100 on Linux for every architecture Node runs on here. */
const TICKS_PER_SECOND = 100;

export function cpuSecondsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    let stat = '';
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th, cutime 16th, cstime 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    for (const index of [11, 12, 13, 14]) ticks += Number(fields[index] ?? 0);
  }
  return ticks / TICKS_PER_SECOND;
}
