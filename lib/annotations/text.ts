/** Notes longer than this are cut (with a marker): a note is a note, not a document. */
export const MAX_NOTE_LENGTH = 10_000;

/**
 * A note as stored: plain text, trimmed, line breaks normalised, control characters removed, at most
 * MAX_NOTE_LENGTH characters. Markup is kept as the characters it is; it is never interpreted (every view
 * renders notes as text). Returns null for a note with nothing in it.
 */
export function cleanNote(text: string): string | null {
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
  if (cleaned === '') return null;
  return cleaned.length > MAX_NOTE_LENGTH ? `${cut(cleaned, MAX_NOTE_LENGTH - 1)}…` : cleaned;
}

/** A short label (persona name, stage name, emotion label): one line, at most `max` characters. */
export function cleanLabel(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? cut(line, max) : line;
}

/** The first `max` UTF-16 units of a text, one fewer when the cut would split a surrogate pair (an emoji). */
function cut(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
