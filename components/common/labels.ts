import type { NoteKind, Valence } from '@/lib/annotations/types';
import { en, type MessageKey, t } from '@/lib/i18n';

/** The i18n key of each valence's name and each kind of note, shared by every view. */
export const VALENCE_KEYS: Record<Valence, MessageKey> = { [-2]: 'valence.-2', [-1]: 'valence.-1', 0: 'valence.0', 1: 'valence.1', 2: 'valence.2' };
export const NOTE_KEYS: Record<NoteKind, MessageKey> = {
  thought: 'noteKind.thought',
  pain: 'noteKind.pain',
  opportunity: 'noteKind.opportunity',
  expectation: 'noteKind.expectation',
  note: 'noteKind.note',
};

/** Why a step has no screenshot, in words. A reason this version does not know (from a newer bundle) still says something. */
export function missingScreenshotText(reason: string | null): string {
  const key = `reason.${reason}`;
  return t('noScreenshot', { reason: reason && key in en ? t(key as MessageKey) : t('reason.unknown') });
}
