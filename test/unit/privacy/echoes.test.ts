import { describe, expect, it } from 'vitest';
import { createEchoMatcher, ECHO_HASH, foldWord, TYPED, typedValueHashes } from '@/lib/privacy/echoes';

const SALT = 'walk-salt-1';

/** A matcher of what was typed, as the background builds it from the pages' hashes. */
function typed(...values: string[]) {
  return createEchoMatcher(
    SALT,
    values.flatMap((value) => typedValueHashes(SALT, value)),
  );
}

describe('typedValueHashes', () => {
  it('gives hashes, never the value or its words', () => {
    const hashes = typedValueHashes(SALT, 'Sandrine Martin');
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(hash).toMatch(ECHO_HASH);
    expect(JSON.stringify(hashes).toLowerCase()).not.toMatch(/sandrine|martin/);
  });

  it('depends on the walk’s salt: another walk’s hashes of the same value differ', () => {
    expect(typedValueHashes('other-salt', 'Sandrine')).not.toEqual(typedValueHashes(SALT, 'Sandrine'));
    expect(typedValueHashes(SALT, 'Sandrine')).toEqual(typedValueHashes(SALT, 'Sandrine'));
  });

  it('gives nothing for values too short to tell apart', () => {
    for (const value of ['', '  ', 'M', 'no', '12', 'a b']) expect(typedValueHashes(SALT, value), value).toEqual([]);
  });

  it('hashes a short value whole and each distinctive word, a long one by runs of three words', () => {
    // Whole value, "sandrine", "martin".
    expect(typedValueHashes(SALT, 'Sandrine Martin')).toHaveLength(3);
    // Whole value, "lilas" (12, rue, des are too short or common).
    expect(typedValueHashes(SALT, '12 rue des Lilas')).toHaveLength(2);
    // Six words of free text: four runs of three, no whole value, no single word.
    const review = typedValueHashes(SALT, 'the mug arrived broken and late');
    expect(review).toHaveLength(5);
    expect(review.every((hash) => hash.startsWith('6:') || hash.startsWith('3:'))).toBe(true);
  });
});

describe('createEchoMatcher', () => {
  it('finds a typed name where the site shows it back, whole or in part', () => {
    const echoes = typed('Sandrine Martin');
    expect(echoes.scrub('Compte de Sandrine')).toBe(`Compte de ${TYPED}`);
    expect(echoes.scrub('Shipping to Sandrine Martin')).toBe(`Shipping to ${TYPED}`);
    expect(echoes.scrub('Martin, your order is on its way')).toBe(`${TYPED}, your order is on its way`);
    expect(echoes.findEchoes('Shipping to Sandrine Martin')).toEqual([{ start: 12, end: 27 }]);
  });

  it('ignores case, accents, compatibility forms and whitespace', () => {
    const echoes = typed('  Hélène   Dupré ');
    expect(echoes.scrub('Bonjour HELENE DUPRE !')).toBe(`Bonjour ${TYPED} !`);
    expect(echoes.scrub('Compte de helene')).toBe(`Compte de ${TYPED}`);
    // A decomposed é (e + combining accent) is the same word.
    expect(echoes.scrub('Merci He\u0301le\u0300ne')).toBe(`Merci ${TYPED}`);
    expect(foldWord('Ｈélène')).toBe('helene');
  });

  it('finds values typed in any field of any page of the walk (the set is the walk’s, not the page’s)', () => {
    // Typed on the shipping page, in one tab...
    const shipping = typedValueHashes(SALT, 'Sandrine Martin');
    // ...an e-mail on the next page, in another tab...
    const contact = typedValueHashes(SALT, 'sandrine.m@example.org');
    // ...and the background's set, handed to the confirmation page with its state.
    const confirmation = createEchoMatcher(SALT, [...shipping, ...contact]);
    expect(confirmation.scrub('Thank you Sandrine, a receipt went to sandrine.m@example.org')).toBe(`Thank you ${TYPED}, a receipt went to ${TYPED}`);
  });

  it('takes the longest echo when values overlap, and merges echoes that follow each other', () => {
    const echoes = typed('Sandrine', 'Sandrine Martin', 'Lyon');
    expect(echoes.findEchoes('Sandrine Martin')).toEqual([{ start: 0, end: 15 }]);
    expect(echoes.scrub('Sandrine Martin, Lyon')).toBe(TYPED);
    expect(echoes.scrub('Sandrine and Lyon')).toBe(`${TYPED} and ${TYPED}`);
  });

  it('finds free text shown back by its runs of words', () => {
    const echoes = typed('The mug arrived broken and the box was wet');
    expect(echoes.scrub('Your review: “The mug arrived broken and the box was wet” is online')).toBe(`Your review: “${TYPED}” is online`);
    // Too little of it to be the message: common words stay.
    expect(echoes.scrub('The mug is blue')).toBe('The mug is blue');
  });

  it('leaves alone short and common words of a value, and words that only contain a typed one', () => {
    const echoes = typed('12 rue des Lilas', 'Sam');
    expect(echoes.scrub('Livraison rue de la Paix, 12 jours')).toBe('Livraison rue de la Paix, 12 jours');
    expect(echoes.scrub('Les Lilas en fleur')).toBe(`Les ${TYPED} en fleur`);
    expect(echoes.scrub('Samsung phones')).toBe('Samsung phones');
    expect(echoes.scrub('Hi Sam')).toBe(`Hi ${TYPED}`);
  });

  it('finds echoes in addresses and selectors, where words are joined by punctuation', () => {
    const echoes = typed('Sandrine Martin');
    expect(echoes.scrub('/account/sandrine-martin')).toBe(`/account/${TYPED}`);
    expect(echoes.scrub('name=Sandrine')).toBe(`name=${TYPED}`);
  });

  it('never takes a placeholder for a word (a value typed as “email” leaves “[email]” alone)', () => {
    const echoes = typed('email typed');
    expect(echoes.scrub('Sent to [email], [typed]')).toBe('Sent to [email], [typed]');
  });

  it('is empty without hashes, refuses what is no hash, and adds only new ones', () => {
    const echoes = createEchoMatcher(SALT, ['Sandrine', '99:zz', '1:']);
    expect(echoes.size).toBe(0);
    expect(echoes.scrub('Sandrine')).toBe('Sandrine');
    const hashes = typedValueHashes(SALT, 'Sandrine');
    expect(echoes.add(hashes)).toBe(true);
    expect(echoes.add(hashes)).toBe(false);
    expect(echoes.hashes()).toEqual(hashes);
    expect(echoes.has(hashes[0] as string)).toBe(true);
  });
});
