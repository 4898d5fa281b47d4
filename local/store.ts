// Where `npm start` keeps the local shop between runs: DATA_DIR (default `.data/` in the project, ignored
// by git). Everything is written through as it changes, not only on a clean stop, so a process that is
// killed (SIGKILL, a container stopped with its PID 1) loses at most the write in progress:
//
//   dynamodb/     the table, in dynalite's own LevelDB store (each write lands on disk as it is made)
//   panel.json    the fake panel's rows (users with their password hashes, servers, allocations, nodes, ...),
//                 its id sequences and its port; rewritten after every request that may change them
//   graph.jsonl   every message the fake Graph API accepted, one JSON line each, appended as it is sent
//   chat.jsonl    what the chat page shows (both phones, both directions), appended as it happens
//   clock.json    how far the page moved the simulation's clock
//
// Not kept: queue messages in flight (fauxqs), running executions and their step history, the fake
// panel's fault switches and browser sessions. An order left PROVISIONING is started again (restart.ts).

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeGraph, SentMessage } from './fake-graph/fake-graph.js';
import type { FakePanel, PanelData } from './fake-panel/index.js';
import type { ChatMessage } from './server/view-model.js';

/** The entries of a data directory; `--fresh` deletes these and nothing else that may be there. */
export const DATA_ENTRIES = {
  dynamodb: 'dynamodb',
  panel: 'panel.json',
  graph: 'graph.jsonl',
  chat: 'chat.jsonl',
  clock: 'clock.json',
} as const;
type Entry = keyof typeof DATA_ENTRIES;

/** `.data/` in the project (next to package.json), whatever the working directory. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));

/** DATA_DIR as given (relative to the working directory), or the project's `.data/`. */
export function dataDirOf(setting: string | undefined): string {
  return setting ? resolve(setting) : DEFAULT_DATA_DIR;
}

/** Deletes what a previous run kept in `dir`; returns the entries it deleted. */
export function clearDataDir(dir: string): string[] {
  const removed: string[] = [];
  for (const name of Object.values(DATA_ENTRIES)) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Refuses a data directory another process has open: LevelDB holds a lock on it, and a second dynalite on
 * the same store dies on an unhandled error. The lock goes with the process, so a killed run leaves none.
 */
export async function assertDataDirFree(dir: string): Promise<void> {
  const path = join(dir, DATA_ENTRIES.dynamodb);
  if (!existsSync(join(path, 'CURRENT'))) return;
  // dynalite's own `level` (a dependency of dynalite, not of this project).
  const { Level } = createRequire(createRequire(import.meta.url).resolve('dynalite'))('level') as {
    Level: new (path: string) => { open(o?: { createIfMissing?: boolean }): Promise<void>; close(): Promise<void> };
  };
  const db = new Level(path);
  try {
    await db.open({ createIfMissing: false });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new Error(`${dir} is in use by another npm start: stop that one, or set DATA_DIR to another directory`);
    }
    throw new Error(
      `Could not open the table kept in ${path}: ${String(cause ?? e)} (npm start -- --fresh starts over)`,
    );
  }
  await db.close();
}

/** How many of the fake Graph API's messages and of the page's chat lines a restart reads back (newest). */
const KEEP_GRAPH_MESSAGES = 5_000;
const KEEP_CHAT_MESSAGES = 2_000;

/** panel.json: the fake panel's rows and sequences, and the port it listened on (the credentials name it). */
export interface KeptPanel extends PanelData {
  port?: number;
}

/** The files of one data directory: JSON documents replaced atomically, and append-only JSON lines. */
export class DataDir {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
  }

  path(entry: Entry): string {
    return join(this.root, DATA_ENTRIES[entry]);
  }

  readJson<T>(entry: Entry): T | undefined {
    const path = this.path(entry);
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (e) {
      throw new Error(`${path} is not readable JSON (${String(e)}); npm start -- --fresh starts over`);
    }
  }

  /** Written to a temporary file, then renamed over the old one: a crash leaves the old or the new, whole. */
  writeJson(entry: Entry, value: unknown): void {
    const path = this.path(entry);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, path);
  }

  /**
   * The newest `keep` lines that parse (a line cut short by a crash does not). When some were left out, the
   * file is rewritten with the rest, so it does not grow without end.
   */
  readLines<T>(entry: Entry, keep: number): T[] {
    const path = this.path(entry);
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n');
    const items: T[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        items.push(JSON.parse(line) as T);
      } catch {
        // a partial last line: skipped, and dropped by the rewrite below
      }
    }
    const kept = items.slice(-keep);
    if (kept.length !== lines.filter((l) => l.trim() !== '').length) {
      writeFileSync(`${path}.tmp`, kept.map((i) => `${JSON.stringify(i)}\n`).join(''), { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
    }
    return kept;
  }

  appendLine(entry: Entry, value: unknown): void {
    appendFileSync(this.path(entry), `${JSON.stringify(value)}\n`, { mode: 0o600 });
  }

  // ---- what each part keeps

  get dynamoPath(): string {
    return this.path('dynamodb');
  }

  clockOffsetMs(): number | undefined {
    const kept = this.readJson<{ offsetMs?: unknown }>('clock');
    return typeof kept?.offsetMs === 'number' && Number.isFinite(kept.offsetMs) ? kept.offsetMs : undefined;
  }

  saveClock(offsetMs: number): void {
    this.writeJson('clock', { offsetMs });
  }

  panel(): KeptPanel | undefined {
    return this.readJson<KeptPanel>('panel');
  }

  savePanel(panel: Pick<FakePanel, 'url' | 'exportData'>): void {
    const kept: KeptPanel = { port: Number(new URL(panel.url).port), ...panel.exportData() };
    this.writeJson('panel', kept);
  }

  graphHistory(): SentMessage[] {
    return this.readLines<SentMessage>('graph', KEEP_GRAPH_MESSAGES);
  }

  /** Appends each message the fake Graph API accepts from now on. */
  keepGraph(graph: FakeGraph): void {
    graph.onMessage((m) => this.appendLine('graph', m));
  }

  chatHistory(): ChatMessage[] {
    return this.readLines<ChatMessage>('chat', KEEP_CHAT_MESSAGES);
  }

  appendChat(m: ChatMessage): void {
    this.appendLine('chat', m);
  }
}
