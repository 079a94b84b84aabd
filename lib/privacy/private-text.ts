import { maskSensitiveText } from '../capture/masking';
import type { MaskingMode } from './masking-mode';

/**
 * No text shorter than this holds anything `maskSensitiveText` masks: the shortest are an e-mail (`a@b.co`), an
 * English street (`1 A St`) and a British postcode (`W1 6XE`); a phone, a card or an IBAN needs more
 * (private-text.test.ts holds them). A page's short texts (table cells, prices, labels) skip the patterns.
 */
export const SHORTEST_MASKED_TEXT = 6;

/**
 * Whether a text a page shows must not be readable in a screenshot. The seam for what is hidden in page
 * texts (lib/page-recorder/private-boxes.ts asks it of every text it considers):
 * - what `maskSensitiveText` masks in descriptors (e-mails, card-like numbers, and whatever lib/capture/masking.ts
 *   learns to mask: phones, IBANs, addresses) is hidden in pixels too, in strict and balanced modes;
 * - `echo`, when given, says whether a text repeats what the tester typed (an echo matcher built on the
 *   values' hashes); hidden in strict and balanced modes as well.
 * Relaxed mode hides no page text (its pixels rule is about fields and marked content).
 */
export function isPrivateText(text: string, mode: MaskingMode, echo?: (text: string) => boolean): boolean {
  if (mode === 'relaxed' || text.length < 3) return false;
  if (text.length >= SHORTEST_MASKED_TEXT && maskSensitiveText(text) !== text) return true;
  return echo?.(text) ?? false;
}

/** Whether the mode hides page texts at all (a page's text is not walked when it does not). */
export function hidesTexts(mode: MaskingMode): boolean {
  return mode !== 'relaxed';
}
