// The package catalogue: what a customer can buy, and what the panel must build for it.

import { say } from './i18n/catalogue.js';
import { COMMON_TEXTS } from './i18n/common-texts.js';
import { LANGS, type Lang } from './i18n/lang.js';
import { normaliseWord, TIER_WORDS } from './i18n/words.js';

export const TIER_IDS = ['bronze', 'silver', 'gold', 'platinum', 'diamond'] as const;
export type TierId = (typeof TIER_IDS)[number];

/** Resources of a tier, in the panel's units (MiB, percent of one core). */
export interface Resources {
  memoryMiB: number;
  cpuPercent: number;
  diskMiB: number;
  databases: number;
  allocations: number;
  backups: number;
  swapMiB: number;
  ioWeight: number;
}

/** Where the panel puts the server: any node of some locations (deploy), or a fixed node. */
export type Placement = { kind: 'locations'; locationIds: number[] } | { kind: 'node'; nodeId: number };

export interface Package {
  id: TierId;
  name: string;
  resources: Resources;
  nestId: number;
  eggId: number;
  /** Docker image; when absent the egg's first image is used. */
  dockerImage?: string;
  /** Startup command; when absent the egg's own startup is used. */
  startup?: string;
  placement: Placement;
  /** Ports the deploy may pick from, as the panel wants them: "25565" or "25565-25600". */
  portRange: string[];
  /** Egg variable overrides, always strings (the panel validates types on strings). */
  environment: Record<string, string>;
  /** Shown to customers, e.g. "R$ 25/month" (made from the amount, the currency, the locale and the period). */
  price?: string;
  /** The price of one period in the shop currency's minor unit. */
  priceMinor?: number;
  oomDisabled: boolean;
  /** Days one payment buys ({TIER}_PERIOD_DAYS, else DEFAULT_PERIOD_DAYS, else 30). */
  periodDays: number;
}

/** The seed tiers: RAM MiB / CPU % / disk MiB / databases / allocations / backups. */
export const DEFAULT_TIER_RESOURCES: Readonly<Record<TierId, Resources>> = {
  bronze: tier(1024, 100, 5120, 1),
  silver: tier(2048, 200, 10240, 2),
  gold: tier(4096, 400, 20480, 3),
  platinum: tier(8192, 800, 40960, 5),
  diamond: tier(16384, 1600, 81920, 10),
};

function tier(memoryMiB: number, cpuPercent: number, diskMiB: number, n: number): Resources {
  return { memoryMiB, cpuPercent, diskMiB, databases: n, allocations: n, backups: n, swapMiB: 0, ioWeight: 500 };
}

export function tierName(id: TierId): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

export function isTierId(value: string): value is TierId {
  return (TIER_IDS as readonly string[]).includes(value);
}

/** "gold", "ouro", "emas": the tier a word names in any language. */
export function tierOfWord(word: string): TierId | undefined {
  const w = normaliseWord(word);
  if (isTierId(w)) return w;
  for (const lang of LANGS) {
    const tier = TIER_WORDS[lang][w];
    if (tier && isTierId(tier)) return tier;
  }
  return undefined;
}

/** Finds a package by what a person typed: "gold", "Gold", " GOLD ", "2" (position in the list). */
export function findPackage(catalogue: readonly Package[], typed: string): Package | undefined {
  const key = typed.trim().toLowerCase();
  if (/^\d+$/.test(key)) return catalogue[Number(key) - 1];
  const exact = catalogue.find((p) => p.id === key || p.name.toLowerCase() === key);
  if (exact) return exact;
  // "ouro", "emas": a tier's name in the customer's language.
  const tier = tierOfWord(key);
  const translated = tier ? catalogue.find((p) => p.id === tier) : undefined;
  if (translated) return translated;
  // "gold please", "the gold one", "gold again": the one package whose id or name is among the words.
  const words = new Set(key.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== ''));
  const named = catalogue.filter(
    (p) =>
      words.has(p.id) ||
      [...words].some((w) => tierOfWord(w) === p.id) ||
      p.name
        .toLowerCase()
        .split(/\s+/)
        .every((w) => words.has(w)),
  );
  return named.length === 1 ? named[0] : undefined;
}

export function formatMemory(mib: number): string {
  return mib >= 1024 ? `${trimZero(mib / 1024)} GB` : `${mib} MB`;
}

export function formatCpu(percent: number): string {
  const cores = percent / 100;
  return `${trimZero(cores)} vCPU`;
}

function trimZero(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** One line a customer reads: "4 GB RAM · 4 vCPU · 20 GB disk", "RAM 4 GB · 4 vCPU · disk 20 GB". */
export function describeResources(r: Resources, lang: Lang): string {
  return say(COMMON_TEXTS, lang)('resources', {
    memory: formatMemory(r.memoryMiB),
    cpu: formatCpu(r.cpuPercent),
    disk: formatMemory(r.diskMiB),
  });
}

/** The extras line: "3 databases · 3 ports · 3 backups". */
export function describeExtras(r: Resources, lang: Lang): string {
  const t = say(COMMON_TEXTS, lang);
  return `${t('databases', { n: r.databases })} · ${t('ports', { n: r.allocations })} · ${t('backups', { n: r.backups })}`;
}
