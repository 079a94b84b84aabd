import { maskSensitiveText } from '../capture/masking';
import type { MaskingMode } from './masking-mode';

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
  if (maskSensitiveText(text) !== text) return true;
  return echo?.(text) ?? false;
}

/** Whether the mode hides page texts at all (a page's text is not walked when it does not). */
export function hidesTexts(mode: MaskingMode): boolean {
  return mode !== 'relaxed';
}
