/**
 * How much of a page a walk keeps, chosen per walk (a default in settings), after Clarity's masking modes.
 * Typed values are never stored in any mode; the modes differ in what else is masked in texts and blurred in
 * screenshots before they are stored:
 * - `strict`: every page text in descriptors masked, every field blurred;
 * - `balanced`: e-mails, phone and card numbers, IBANs and postal addresses masked wherever they appear,
 *   every field holding a value blurred; search terms typed in search fields are kept;
 * - `relaxed`: password, payment and `data-parcours-mask` content blurred, the rest as the page shows it.
 */
export type MaskingMode = 'strict' | 'balanced' | 'relaxed';

export const MASKING_MODES: readonly MaskingMode[] = ['strict', 'balanced', 'relaxed'];

export const DEFAULT_MASKING_MODE: MaskingMode = 'balanced';

export function isMaskingMode(value: unknown): value is MaskingMode {
  return typeof value === 'string' && (MASKING_MODES as readonly string[]).includes(value);
}

/** A walk's mode; a walk recorded before masking modes carries on in the default one. */
export function maskingOf(session: { masking?: MaskingMode }): MaskingMode {
  return session.masking ?? DEFAULT_MASKING_MODE;
}
