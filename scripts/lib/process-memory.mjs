// The memory of a Chromium launched by the benchmarks, read from /proc (Linux): the resident set of each
// process of its tree, by kind (browser, renderer, gpu, utility…). Blobs and ArrayBuffers live outside the JS
// heap that CDP reports, so an export's memory shows here and not in JSHeapUsedSize.
import { readdirSync, readFileSync } from 'node:fs';

function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields after it are split.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const parent = Number(after[1]);
    // Chromium rewrites the command lines of its child processes as one space-separated string.
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const cmdline = raw.length === 1 ? raw[0].split(' ') : raw;
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const type = cmdline.find((arg) => arg.startsWith('--type='))?.slice(7) ?? 'browser';
    return { pid, parent, cmdline, rssKb, type };
  } catch {
    return null; // gone meanwhile, or not ours to read
  }
}

/** Every process of the browser whose command line names `profileDir`, and its descendants. */
export function browserProcesses(profileDir) {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter(Boolean);
  const roots = all.filter((p) => p.type === 'browser' && p.cmdline.some((arg) => arg.includes(profileDir)));
  const inTree = new Set(roots.map((p) => p.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all)
      if (!inTree.has(p.pid) && inTree.has(p.parent)) {
        inTree.add(p.pid);
        grew = true;
      }
  }
  return all.filter((p) => inTree.has(p.pid));
}

/** Resident memory in MB of the browser's processes, in all and by kind. */
export function residentMB(profileDir) {
  const byType = {};
  let total = 0;
  for (const p of browserProcesses(profileDir)) {
    byType[p.type] = (byType[p.type] ?? 0) + p.rssKb / 1024;
    total += p.rssKb / 1024;
  }
  return { total, byType };
}
