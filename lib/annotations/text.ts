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
  return cleaned.length > MAX_NOTE_LENGTH ? `${cleaned.slice(0, MAX_NOTE_LENGTH - 1)}…` : cleaned;
}

/** A short label (persona name, stage name, emotion label): one line, at most `max` characters. */
export function cleanLabel(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? line.slice(0, max) : line;
}
