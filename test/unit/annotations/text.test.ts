import { describe, expect, it } from 'vitest';
import { cleanLabel, cleanNote, MAX_NOTE_LENGTH } from '@/lib/annotations/text';

describe('cleanNote', () => {
  it('gives null for a note with nothing in it: empty, whitespace, or only control characters', () => {
    expect(cleanNote('')).toBeNull();
    expect(cleanNote('   ')).toBeNull();
    expect(cleanNote('\n\t \r\n ')).toBeNull();
    expect(cleanNote('\u0000\u0007\u001b')).toBeNull();
  });

  it('trims the note and keeps the line breaks and tabs inside it', () => {
    expect(cleanNote('  Shipping cost\n\tonly at the end  ')).toBe('Shipping cost\n\tonly at the end');
  });

  it('normalises Windows and old Mac line breaks to \\n', () => {
    expect(cleanNote('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });

  it('removes control characters (NUL, bell, escape, DEL...) but not the text around them', () => {
    expect(cleanNote('pri\u0000ce\u0007 \u001b[31mhidden\u007f')).toBe('price [31mhidden');
    expect(cleanNote('form\u000bfeed\u000c')).toBe('formfeed');
  });

  it('keeps markup as the plain text it is, never interpreting or escaping it', () => {
    const markup = '<script>alert("x")</script> <b>bold</b> &amp; <img src=x onerror=alert(1)>';
    expect(cleanNote(markup)).toBe(markup);
  });

  it('keeps accents, emoji and other scripts', () => {
    expect(cleanNote('Très déçu 😞 — 配送が遅い')).toBe('Très déçu 😞 — 配送が遅い');
  });

  it('keeps a note of exactly the maximum length whole', () => {
    const note = 'a'.repeat(MAX_NOTE_LENGTH);
    expect(cleanNote(note)).toBe(note);
  });

  it('cuts a note longer than 10,000 characters to the maximum, ending with a marker', () => {
    expect(MAX_NOTE_LENGTH).toBe(10_000);
    const cleaned = cleanNote('b'.repeat(25_000));
    expect(cleaned).toHaveLength(MAX_NOTE_LENGTH);
    expect(cleaned?.endsWith('…')).toBe(true);
    expect(cleaned?.slice(0, -1)).toBe('b'.repeat(MAX_NOTE_LENGTH - 1));
  });

  it('measures the length after trimming and removing control characters', () => {
    const padded = `   ${'c'.repeat(MAX_NOTE_LENGTH)}\u0000\u0000   `;
    expect(cleanNote(padded)).toBe('c'.repeat(MAX_NOTE_LENGTH));
  });

  it('does not split an emoji when the cut falls in its middle', () => {
    // 9,998 letters then emoji: the cut at 9,999 units would keep only the first half of the first emoji.
    const cleaned = cleanNote(`${'d'.repeat(MAX_NOTE_LENGTH - 2)}${'😞'.repeat(10)}`) ?? '';
    expect(cleaned.endsWith('…')).toBe(true);
    expect(cleaned.slice(0, -1)).toBe('d'.repeat(MAX_NOTE_LENGTH - 2));
    expect(cleaned.isWellFormed()).toBe(true);
  });
});

describe('cleanLabel', () => {
  it('makes one trimmed line of a label, collapsing runs of whitespace', () => {
    expect(cleanLabel('  very \n\n  frustrated\t ')).toBe('very frustrated');
  });

  it('gives an empty string for a blank label', () => {
    expect(cleanLabel('')).toBe('');
    expect(cleanLabel(' \n\t ')).toBe('');
  });

  it('cuts at 80 characters by default, or at the maximum given', () => {
    expect(cleanLabel('x'.repeat(200))).toBe('x'.repeat(80));
    expect(cleanLabel('x'.repeat(80))).toBe('x'.repeat(80));
    expect(cleanLabel('Sandrine Dupont', 8)).toBe('Sandrine');
  });

  it('cuts after collapsing whitespace, so spaces do not eat the length', () => {
    expect(cleanLabel(`a${' '.repeat(100)}b`, 3)).toBe('a b');
  });

  it('keeps markup as text', () => {
    expect(cleanLabel('<i>Checkout</i>')).toBe('<i>Checkout</i>');
  });

  it('does not split an emoji when the cut falls in its middle', () => {
    expect(cleanLabel('ab😞', 3)).toBe('ab');
    expect(cleanLabel('ab😞', 4)).toBe('ab😞');
  });
});
