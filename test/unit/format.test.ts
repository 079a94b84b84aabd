import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDuration, formatNumber } from '@/lib/format';
import { currentLocale, setLocale } from '@/lib/i18n';

/** French groups digits with a narrow no-break space. */
const NNBSP = '\u202f';

describe('formatDuration', () => {
  it('shows a dash for missing or impossible durations', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -1]) expect(formatDuration(value), String(value)).toBe('–');
  });

  it('shows milliseconds under a second', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12.4)).toBe('12 ms');
    // Rounds before choosing the unit: never "1000 ms".
    expect(formatDuration(999.6)).toBe('1 s');
  });

  it('shows rounded seconds under a minute', () => {
    expect(formatDuration(1000)).toBe('1 s');
    expect(formatDuration(1499)).toBe('1 s');
    expect(formatDuration(1500)).toBe('2 s');
    expect(formatDuration(59_499)).toBe('59 s');
  });

  it('shows minutes and two-digit seconds under an hour, carrying a rounded 60 s into the minute', () => {
    expect(formatDuration(59_500)).toBe('1 m 00 s');
    expect(formatDuration(65_000)).toBe('1 m 05 s');
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59 m 59 s');
  });

  it('shows hours and two-digit minutes from an hour on', () => {
    expect(formatDuration(3_599_500)).toBe('1 h 00 m');
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000)).toBe('2 h 03 m');
    expect(formatDuration(27 * 3_600_000)).toBe('27 h 00 m');
  });

  it('writes minutes as "min" in French, the rest alike, and groups thousands of hours the locale’s way', () => {
    expect(formatDuration(850, 'fr')).toBe('850 ms');
    expect(formatDuration(5_000, 'fr')).toBe('5 s');
    expect(formatDuration(65_000, 'fr')).toBe('1 min 05 s');
    expect(formatDuration(59_500, 'fr')).toBe('1 min 00 s');
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000, 'fr')).toBe('2 h 03 min');
    expect(formatDuration(1234 * 3_600_000, 'fr')).toBe(`1${NNBSP}234 h 00 min`);
    expect(formatDuration(1234 * 3_600_000, 'en')).toBe('1,234 h 00 m');
    expect(formatDuration(null, 'fr')).toBe('–');
  });

  it('follows the current locale when none is given', () => {
    const before = currentLocale();
    try {
      setLocale('fr');
      expect(formatDuration(65_000)).toBe('1 min 05 s');
      setLocale('en');
      expect(formatDuration(65_000)).toBe('1 m 05 s');
    } finally {
      setLocale(before);
    }
  });
});

describe('formatNumber', () => {
  it('writes a decimal comma and grouped thousands in French, a point and commas in English', () => {
    expect(formatNumber(1234.56, 'fr')).toBe(`1${NNBSP}234,6`);
    expect(formatNumber(1234.56, 'en')).toBe('1,234.6');
    expect(formatNumber(0.5, 'fr')).toBe('0,5');
    expect(formatNumber(2, 'fr', 0)).toBe('2');
  });
});

describe('formatBytes', () => {
  const initial = currentLocale();
  afterEach(() => setLocale(initial));

  it('uses binary units with one decimal in English', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(1024, 'en')).toBe('1 KB');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024 + 100 * 1024, 'en')).toBe('5.1 MB');
    expect(formatBytes(3 * 1024 ** 3, 'en')).toBe('3 GB');
  });

  it('stops at gigabytes', () => {
    expect(formatBytes(2 * 1024 ** 4, 'en')).toBe('2,048 GB');
  });

  it('uses French units and separators in French', () => {
    expect(formatBytes(100, 'fr')).toBe('100 o');
    expect(formatBytes(1536, 'fr')).toBe('1,5 Ko');
    expect(formatBytes(1023, 'fr')).toBe(`1${NNBSP}023 o`);
    expect(formatBytes(2.25 * 1024 * 1024, 'fr')).toBe('2,3 Mo');
    expect(formatBytes(1024 ** 3, 'fr')).toBe('1 Go');
  });

  it('follows the current locale by default', () => {
    setLocale('fr');
    expect(formatBytes(2048)).toBe('2 Ko');
    setLocale('en');
    expect(formatBytes(2048)).toBe('2 KB');
  });
});

describe('formatDateTime', () => {
  // Midday UTC is the same calendar day in every time zone from UTC-11 to UTC+11.
  const iso = '2026-03-14T12:00:00.000Z';

  it('formats a date and a time in the locale', () => {
    expect(formatDateTime(iso, 'en')).toMatch(/^Mar 14, 2026, \d{1,2}:\d{2}\s?[AP]M$/);
    expect(formatDateTime(iso, 'fr')).toMatch(/^14 mars 2026(,| à) \d{2}:\d{2}$/);
  });

  it('gives back what it cannot read', () => {
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
    expect(formatDateTime('', 'fr')).toBe('');
  });
});
