const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Any text for HTML, in content or in a quoted attribute: every character that could open a tag, end an
 * attribute or start an entity is replaced, so a page's title or a tester's note is only ever text (a
 * `<script>` or `</style>` in it stays visible words). Lone surrogates (broken UTF-16 from a page) become
 * U+FFFD, so the UTF-8 file is valid.
 */
export function escapeHtml(text: string | number | null | undefined): string {
  if (text == null) return '';
  return String(text)
    .replace(/[&<>"']/g, (character) => ENTITIES[character] as string)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A number for an SVG attribute: one decimal at most, never `NaN`. */
export function num(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}
