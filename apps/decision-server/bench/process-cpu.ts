/**
 * CPU time of processes from /proc (Linux): the benchmark reports CPU per request for the server, the
 * database and Redis next to wall-clock figures, because on a shared machine CPU time is the steadier
 * measure. Elsewhere (no /proc) every reading is 0 and the columns say so.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of one process in seconds, or 0 when it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return ticksOf(readFileSync(`/proc/${pid}/stat`, "utf8")) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process whose command name is `name` (e.g. "postgres", "redis-server"), by pid. */
export function commandCpuSeconds(name: string): Map<number, number> {
  const byPid = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return byPid;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) === name)
        byPid.set(Number(entry), ticksOf(stat) / TICKS_PER_SECOND);
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
}

/**
 * CPU seconds used between two readings by the processes present in both (connections of other
 * programs come and go on a shared machine; a process that ended must not count as negative time).
 */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, then] of before) {
    const now = after.get(pid);
    if (now !== undefined && now >= then) seconds += now - then;
  }
  return seconds;
}

function ticksOf(stat: string): number {
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}
