import { formatBytes } from '../format';
import { currentLocale, type Locale } from '../i18n';

/**
 * How full the extension's storage is, from `navigator.storage.estimate()`. With `unlimitedStorage` (the
 * manifest asks for it) the browser's quota is not a fixed allowance but its share of the disk's free space,
 * so `ratio` says how close the disk is to refusing writes: at STORAGE_WARNING_RATIO the tester is warned,
 * before a walk pauses for a full disk (lib/recorder/storage-full.ts).
 */
export const STORAGE_WARNING_RATIO = 0.8;

export type StorageLevel = 'ok' | 'warning';

export interface StorageUse {
  usage: number;
  quota: number;
  /** Bytes the browser still allows (never negative). */
  free: number;
  /** usage / quota, 0..1 (a usage past the quota counts as full). */
  ratio: number;
  level: StorageLevel;
}

/** The use of an estimate; null when the browser did not say (no usage or quota, or a quota of 0). */
export function storageUse(estimate: { usage?: number | null; quota?: number | null } | null | undefined): StorageUse | null {
  const usage = estimate?.usage;
  const quota = estimate?.quota;
  if (typeof usage !== 'number' || typeof quota !== 'number' || !Number.isFinite(usage) || !Number.isFinite(quota)) return null;
  if (quota <= 0 || usage < 0) return null;
  const ratio = Math.min(1, usage / quota);
  return { usage, quota, free: Math.max(0, quota - usage), ratio, level: ratio >= STORAGE_WARNING_RATIO ? 'warning' : 'ok' };
}

/**
 * The ratio as a percentage a reader trusts: whole percents, except that a use that is not nothing never reads
 * "0 %" and one short of full never reads "100 %" (it is rounded down to 99 %).
 */
export function formatStoragePercent(ratio: number, locale: Locale = currentLocale()): string {
  const format = (value: number, digits: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(value);
  if (ratio <= 0) return format(0, 0);
  if (ratio < 0.01) return `< ${format(0.01, 0)}`;
  if (ratio < 1 && ratio >= 0.995) return format(0.99, 0);
  return format(Math.min(1, ratio), 0);
}

/** The figures a page shows: used, still free, and the percentage. */
export function storageFigures(use: StorageUse, locale: Locale = currentLocale()): { used: string; free: string; percent: string } {
  return { used: formatBytes(use.usage, locale), free: formatBytes(use.free, locale), percent: formatStoragePercent(use.ratio, locale) };
}
