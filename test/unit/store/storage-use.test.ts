import { describe, expect, it } from 'vitest';
import { formatStoragePercent, STORAGE_WARNING_RATIO, storageFigures, storageUse } from '@/lib/store/storage-use';

const GB = 1024 ** 3;

describe('storageUse', () => {
  it('gives the ratio, what is free and the level', () => {
    expect(storageUse({ usage: 2 * GB, quota: 10 * GB })).toEqual({ usage: 2 * GB, quota: 10 * GB, free: 8 * GB, ratio: 0.2, level: 'ok' });
  });

  it('warns from 80 % on, not just before', () => {
    expect(STORAGE_WARNING_RATIO).toBe(0.8);
    expect(storageUse({ usage: 799, quota: 1000 })?.level).toBe('ok');
    expect(storageUse({ usage: 800, quota: 1000 })?.level).toBe('warning');
    expect(storageUse({ usage: 1000, quota: 1000 })?.level).toBe('warning');
  });

  it('counts a usage past the quota as full, with nothing free', () => {
    expect(storageUse({ usage: 1200, quota: 1000 })).toMatchObject({ ratio: 1, free: 0, level: 'warning' });
  });

  it('says nothing when the browser does not: no figures, a zero quota, nonsense', () => {
    expect(storageUse(null)).toBeNull();
    expect(storageUse(undefined)).toBeNull();
    expect(storageUse({})).toBeNull();
    expect(storageUse({ usage: 10 })).toBeNull();
    expect(storageUse({ usage: 10, quota: 0 })).toBeNull();
    expect(storageUse({ usage: -1, quota: 10 })).toBeNull();
    expect(storageUse({ usage: Number.NaN, quota: 10 })).toBeNull();
    expect(storageUse({ usage: 1, quota: Number.POSITIVE_INFINITY })).toBeNull();
  });

  it('an empty store is 0 %, ok', () => {
    expect(storageUse({ usage: 0, quota: 1000 })).toMatchObject({ ratio: 0, level: 'ok', free: 1000 });
  });
});

describe('formatStoragePercent', () => {
  it('whole percents in the reader’s language', () => {
    expect(formatStoragePercent(0.8, 'en')).toBe('80%');
    expect(formatStoragePercent(0.8, 'fr')).toBe(new Intl.NumberFormat('fr', { style: 'percent' }).format(0.8));
    expect(formatStoragePercent(0.8, 'fr')).toMatch(/^80\s%$/u);
    expect(formatStoragePercent(0.426, 'en')).toBe('43%');
  });

  it('a little is never 0 %, nearly full never 100 %', () => {
    expect(formatStoragePercent(0, 'en')).toBe('0%');
    expect(formatStoragePercent(0.0004, 'en')).toBe('< 1%');
    expect(formatStoragePercent(0.998, 'en')).toBe('99%');
    expect(formatStoragePercent(1, 'en')).toBe('100%');
  });
});

describe('storageFigures', () => {
  it('formats used, free and the percentage', () => {
    const use = storageUse({ usage: 850 * 1024 * 1024, quota: GB });
    expect(use).not.toBeNull();
    expect(storageFigures(use!, 'en')).toEqual({ used: '850 MB', free: '174 MB', percent: '83%' });
  });
});
