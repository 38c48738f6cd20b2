import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (seconds, user + system) spent so far by each thread of the descendants of a process
 * (for this script: the browser it launched and the browser's own children), from Linux's /proc:
 * a Map from "pid/tid" to { name, seconds }. On a machine shared
 * with other work, wall-clock rates move with the load; the CPU a browser spends per training
 * step does not. `cpuBetween` turns two readings into what was spent between them.
 */
export function descendantsCpu(rootPid) {
  const ticksPerSecond = 100;
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(`/proc/${entry}/stat`);
    if (stat) parents.set(Number(entry), Number(stat.fields[1]));
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  tree.delete(rootPid);
  const threads = new Map();
  for (const pid of tree) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      // utime and stime are the 14th and 15th fields of stat, the 12th and 13th after the name.
      const seconds = (Number(stat.fields[11]) + Number(stat.fields[12])) / ticksPerSecond;
      threads.set(`${pid}/${tid}`, { name: stat.name.replace(/\d+$/, ''), seconds });
    }
  }
  return threads;
}

/** CPU seconds spent between two readings, in total and by thread name; a thread that ended in between is left out. */
export function cpuBetween(before, after) {
  const byThread = {};
  let total = 0;
  for (const [id, { name, seconds }] of after) {
    const spent = seconds - (before.get(id)?.seconds ?? 0);
    byThread[name] = (byThread[name] ?? 0) + spent;
    total += spent;
  }
  return { total, byThread };
}

/** The fields of a /proc stat line after the parenthesised name (which may hold spaces). */
function readStat(path) {
  try {
    const line = readFileSync(path, 'utf8');
    const close = line.lastIndexOf(')');
    return { name: line.slice(line.indexOf('(') + 1, close), fields: line.slice(close + 2).split(' ') };
  } catch {
    return null;
  }
}
