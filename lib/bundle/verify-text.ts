import { type Locale, t } from '../i18n';
import { BUNDLE_VERSION } from './evidence/manifest';
import type { BundleProblem, ChainVerification, FileVerification, Verification } from './verify';

/** The sentences the review page and the command line both say about a verification. */
export function verificationSummary(verification: Verification, locale?: Locale): string {
  if (verification.status === 'unreadable') return problemText(verification.problem, locale);
  return t(verification.status === 'intact' ? 'verify.intact' : 'verify.altered', {}, locale);
}

export function problemText(problem: BundleProblem, locale?: Locale): string {
  switch (problem.code) {
    case 'not-a-zip':
      return t('verify.notZip', {}, locale);
    case 'damaged-zip':
      return t('verify.damagedZip', { detail: problem.detail }, locale);
    case 'no-manifest':
      return t('verify.noManifest', {}, locale);
    case 'manifest-not-json':
      return t('verify.manifestNotJson', {}, locale);
    case 'manifest-invalid':
      return problem.what === 'bad-version'
        ? t('verify.badVersion', { found: problem.found ?? '' }, locale)
        : t('verify.manifestInvalid', { what: t(`verify.invalid.${problem.what}`, {}, locale) }, locale);
    case 'wrong-format':
      return t('verify.wrongFormat', { found: problem.found }, locale);
    case 'future-version':
      return t('verify.futureVersion', { found: problem.found, supported: BUNDLE_VERSION }, locale);
  }
}

export function fileText(file: FileVerification, locale?: Locale): string {
  const { path } = file;
  if (file.status === 'intact') return t('verify.fileIntact', { path }, locale);
  if (file.status === 'missing') return t('verify.fileMissing', { path }, locale);
  if (file.status === 'unexpected') return t('verify.fileUnexpected', { path }, locale);
  if (file.unreadable) return t('verify.fileUnreadable', { path }, locale);
  if (file.actual && file.expected && file.actual.size !== file.expected.size)
    return t('verify.fileAlteredSize', { path, actual: file.actual.size, expected: file.expected.size }, locale);
  return t('verify.fileAltered', { path }, locale);
}

export function chainText(chain: ChainVerification, locale?: Locale): string[] {
  if (chain.status === 'intact') return [t('verify.chainIntact', { count: chain.count }, locale)];
  if (chain.status === 'missing') return [t('verify.chainMissing', {}, locale)];
  if (chain.status === 'unreadable') return [t('verify.chainUnreadable', {}, locale)];
  const lines: string[] = [];
  const [first] = chain.breaks;
  if (first) {
    const event = [first.eventId, first.kind].filter(Boolean).join(', ') || '?';
    lines.push(t('verify.chainBroken', { number: first.index + 1, event }, locale));
    if (chain.breaks.length > 1) lines.push(t('verify.chainMoreBreaks', { count: chain.breaks.length - 1 }, locale));
  }
  if (chain.expected) {
    lines.push(
      chain.expected.count === chain.count
        ? t('verify.chainHead', {}, locale)
        : t('verify.chainLength', { count: chain.count, expected: chain.expected.count }, locale),
    );
  }
  return lines;
}
