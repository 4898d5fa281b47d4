// `npm start` runs `sh -c "tsx local/start.ts"`, and tsx runs this file in a child Node process. A process
// manager stopping `npm start` signals npm, and npm passes SIGTERM or SIGINT on to its own child only: the
// shell. Where /bin/sh is dash (Debian, Ubuntu) the shell does not exec its command, so it dies of the signal
// and never passes it on; tsx and this process would be left running with nobody to stop them. So, when run
// by npm, this process watches the few processes between it and npm, and stops when that chain breaks, as it
// would on the signal. (Ctrl-C in a terminal signals the whole process group, this process included.)

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** How many ancestors are watched: tsx, the shell, npm. */
const DEPTH = 3;

/** The parent of `pid`, or undefined when there is no such process (or no way to ask). */
export function parentOf(pid: number): number | undefined {
  try {
    if (process.platform === 'linux') {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return Number.isInteger(ppid) ? ppid : undefined;
    }
    const out = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', stdio: 'pipe' });
    const ppid = Number(out.trim());
    return out.trim() !== '' && Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** This process's ancestors, nearest first, up to `depth`, stopping before init (pid 1, which never goes). */
export function ancestors(depth = DEPTH): number[] {
  const chain: number[] = [];
  let pid: number | undefined = process.ppid;
  while (pid !== undefined && pid > 1 && chain.length < depth) {
    chain.push(pid);
    pid = parentOf(pid);
  }
  return chain;
}

/**
 * Calls `onBroken` once when one of the watched ancestors is gone (its child was re-parented): only when
 * started by npm (npm sets npm_lifecycle_event) and where a process's parent can be read. Returns a stop.
 */
export function watchNpmChain(onBroken: (what: string) => void, intervalMs = 250): () => void {
  if (process.env.npm_lifecycle_event === undefined || process.platform === 'win32') return () => {};
  const chain = ancestors();
  if (chain.length === 0) return () => {};
  const timer = setInterval(
    () => {
      const broken = brokenLink(chain);
      if (broken === undefined) return;
      clearInterval(timer);
      onBroken(broken);
    },
    process.platform === 'linux' ? intervalMs : Math.max(intervalMs, 1000),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** Which link of the chain (this process → its parent → ...) no longer holds, if any. */
function brokenLink(chain: number[]): string | undefined {
  if (process.ppid !== chain[0]) return `parent process ${chain[0]} ended`;
  for (let i = 0; i + 1 < chain.length; i++) {
    if (parentOf(chain[i]!) !== chain[i + 1]) return `process ${chain[i + 1]} (npm or its shell) ended`;
  }
  return undefined;
}
