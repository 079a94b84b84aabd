/** Collapses whitespace, trims and caps a string so descriptors stay short and readable. */
export function normalizeText(text: string | null | undefined, max = 160): string | null {
  if (text == null) return null;
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed === '') return null;
  return collapsed.length > max ? `${collapsed.slice(0, max - 1)}…` : collapsed;
}

/** Editable regions (`contenteditable`, a `textbox` or `searchbox` role): their text is the tester's typing, never recorded. */
export const EDITABLE = '[contenteditable]:not([contenteditable="false"]), [role="textbox"], [role="searchbox"]';
