import { currentLocale, type Locale } from './i18n';

/** The minute's abbreviation: "m" in English (as the app always wrote it), "min" in French (the SI usage). */
const MINUTE: Record<Locale, string> = { en: 'm', fr: 'min' };

/**
 * Durations as a reader says them: 850 ms, 5 s, 1 m 05 s, 2 h 03 m in English; 850 ms, 5 s, 1 min 05 s,
 * 2 h 03 min in French. Written by hand: Intl.DurationFormat is missing from Node 20, where the command
 * line and the tests run, and the map must read the same in both. Hours past 999 are grouped the locale's way.
 */
export function formatDuration(ms: number | null | undefined, locale: Locale = currentLocale()): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '–';
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const unit = MINUTE[locale] ?? MINUTE.en;
  if (minutes < 60) return `${minutes} ${unit} ${String(seconds % 60).padStart(2, '0')} s`;
  return `${new Intl.NumberFormat(locale).format(Math.floor(minutes / 60))} h ${String(minutes % 60).padStart(2, '0')} ${unit}`;
}

/** A number the locale's way: 1,234.5 in English, 1 234,5 in French. */
export function formatNumber(value: number, locale: Locale = currentLocale(), maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
}

/** Bytes in the nearest binary unit, one decimal. */
export function formatBytes(bytes: number, locale: Locale = currentLocale()): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${units[unit]}`;
}

export function formatDateTime(iso: string, locale: Locale = currentLocale()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
