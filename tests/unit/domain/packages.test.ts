import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIER_RESOURCES,
  describeExtras,
  describeResources,
  findPackage,
  formatCpu,
  formatMemory,
  isTierId,
  TIER_IDS,
  tierName,
} from '../../../shared/domain/packages.js';
import { CATALOGUE, pkg } from './fixtures.js';

describe('DEFAULT_TIER_RESOURCES', () => {
  it.each([
    ['bronze', 1024, 100, 5120, 1],
    ['silver', 2048, 200, 10240, 2],
    ['gold', 4096, 400, 20480, 3],
    ['platinum', 8192, 800, 40960, 5],
    ['diamond', 16384, 1600, 81920, 10],
  ] as const)('%s is the seed: %i MiB / %i %% / %i MiB / %i db, ports, backups', (id, memory, cpu, disk, n) => {
    expect(DEFAULT_TIER_RESOURCES[id]).toEqual({
      memoryMiB: memory,
      cpuPercent: cpu,
      diskMiB: disk,
      databases: n,
      allocations: n,
      backups: n,
      swapMiB: 0,
      ioWeight: 500,
    });
  });

  it('has the five tiers in selling order', () => {
    expect(TIER_IDS).toEqual(['bronze', 'silver', 'gold', 'platinum', 'diamond']);
    expect(Object.keys(DEFAULT_TIER_RESOURCES)).toEqual([...TIER_IDS]);
  });
});

describe('findPackage', () => {
  it.each([
    ['gold', 'gold'],
    ['Gold', 'gold'],
    [' GOLD ', 'gold'],
    ['1', 'bronze'],
    ['5', 'diamond'],
    [' 3 ', 'gold'],
  ])('finds %j → %s', (typed, id) => {
    expect(findPackage(CATALOGUE, typed)?.id).toBe(id);
  });

  it('finds a package by its display name', () => {
    // Arrange
    const catalogue = [pkg('bronze', { name: 'Starter' }), pkg('gold', { name: 'Pro Max' })];
    // Act / Assert
    expect(findPackage(catalogue, 'starter')?.id).toBe('bronze');
    expect(findPackage(catalogue, 'PRO MAX')?.id).toBe('gold');
    expect(findPackage(catalogue, 'gold')?.id).toBe('gold');
    expect(findPackage(catalogue, '2')?.id).toBe('gold');
  });

  it.each(['', '   ', '0', '6', '99', 'copper', 'gol', '-1', '1.5'])('finds nothing for %j', (typed) => {
    expect(findPackage(CATALOGUE, typed)).toBeUndefined();
  });

  it('counts positions in the catalogue as sold, so a hidden tier shifts them', () => {
    // Arrange
    const withoutSilver = CATALOGUE.filter((p) => p.id !== 'silver');
    // Act / Assert
    expect(findPackage(withoutSilver, '2')?.id).toBe('gold');
    expect(findPackage(withoutSilver, 'silver')).toBeUndefined();
  });
});

describe('describing resources', () => {
  it.each([
    ['bronze', '1 GB RAM · 1 vCPU · 5 GB disk', '1 database · 1 port · 1 backup'],
    ['gold', '4 GB RAM · 4 vCPU · 20 GB disk', '3 databases · 3 ports · 3 backups'],
    ['diamond', '16 GB RAM · 16 vCPU · 80 GB disk', '10 databases · 10 ports · 10 backups'],
  ] as const)('%s reads "%s" and "%s"', (id, resources, extras) => {
    expect(describeResources(DEFAULT_TIER_RESOURCES[id], 'en')).toBe(resources);
    expect(describeExtras(DEFAULT_TIER_RESOURCES[id], 'en')).toBe(extras);
  });

  it('formats odd sizes readably', () => {
    expect(formatMemory(512)).toBe('512 MB');
    expect(formatMemory(1536)).toBe('1.5 GB');
    expect(formatCpu(50)).toBe('0.5 vCPU');
    expect(formatCpu(150)).toBe('1.5 vCPU');
    expect(describeExtras({ ...DEFAULT_TIER_RESOURCES.bronze, databases: 0, allocations: 2, backups: 0 }, 'en')).toBe(
      '0 databases · 2 ports · 0 backups',
    );
  });
});

describe('tier names', () => {
  it('capitalises the id and recognises only the five tiers', () => {
    expect(TIER_IDS.map(tierName)).toEqual(['Bronze', 'Silver', 'Gold', 'Platinum', 'Diamond']);
    expect(isTierId('gold')).toBe(true);
    expect(isTierId('Gold')).toBe(false);
    expect(isTierId('copper')).toBe(false);
  });
});
