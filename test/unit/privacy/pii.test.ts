import { describe, expect, it } from 'vitest';
import { luhnValid, maskPii } from '@/lib/privacy/pii';

const personal = (text: string) => maskPii(text, 'personal');
const secrets = (text: string) => maskPii(text, 'secrets');

describe('maskPii: phone numbers', () => {
  it.each([
    ['Call +33 6 12 34 56 78 now', 'Call [phone] now'],
    ['+33 (0)6 12 34 56 78', '[phone]'],
    ['+1 (555) 123-4567', '[phone]'],
    ['+44 20 7946 0958', '[phone]'],
    ['06 12 34 56 78', '[phone]'],
    ['06.12.34.56.78', '[phone]'],
    ['0612345678', '[phone]'],
    ['01-23-45-67-89', '[phone]'],
    ['Tel. 030 1234567', 'Tel. [phone]'],
    ['020 7946 0958', '[phone]'],
    ['(555) 123-4567', '[phone]'],
    ['555-123-4567', '[phone]'],
  ])('masks %s', (text, masked) => {
    expect(personal(text)).toBe(masked);
  });

  it.each([
    'On 2024-01-15, 15/01/2024 or 15.01.2024',
    'Total 1 299,99 € (129.99 EUR)',
    'Order #12345678 and order 12345678901',
    'Qty 3, size 42, year 2024, 10:30',
    'Gift wrap (€3.50)',
    'Mug 350 ml, 2 for 25 €',
  ])('keeps %s', (text) => {
    expect(personal(text)).toBe(text);
  });
});

describe('maskPii: cards, IBANs, long numbers', () => {
  it('masks card numbers that pass the Luhn check, however grouped', () => {
    expect(personal('Card 4111 1111 1111 1111')).toBe('Card [card]');
    expect(personal('5500-0000-0000-0004 and 4242424242424242')).toBe('[card] and [card]');
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('masks other runs of 12 to 19 digits as numbers in balanced walks, and keeps them in relaxed ones', () => {
    expect(personal('Ref 1234 5678 9012 3456')).toBe('Ref [number]');
    expect(secrets('Ref 1234 5678 9012 3456')).toBe('Ref 1234 5678 9012 3456');
    expect(secrets('Card 4111 1111 1111 1111')).toBe('Card [card]');
  });

  it('masks IBANs, spaced or not, in every mode', () => {
    expect(secrets('IBAN FR76 3000 6000 0112 3456 7890 189 ok')).toBe('IBAN [iban] ok');
    expect(secrets('DE89370400440532013000')).toBe('[iban]');
    expect(personal('GB29 NWBK 6016 1331 9268 19')).toBe('[iban]');
  });

  it('masks e-mail addresses in every mode', () => {
    expect(secrets('Write to jane.doe+shop@example.co.uk')).toBe('Write to [email]');
  });
});

describe('maskPii: postal addresses', () => {
  it.each([
    ['Livraison au 12 rue des Lilas, 75011 Paris', 'Livraison au [address], [address]'],
    ['221B Baker Street, London NW1 6XE', '[address], London [address]'],
    ['5 avenue Victor Hugo', '[address]'],
    ['3 bis boulevard Saint-Michel', '[address]'],
    ['8 place de la Concorde', '[address]'],
    ['10 Downing St.', '[address]'],
    ['1600 Pennsylvania Avenue', '[address]'],
    ['69003 Lyon Cedex 03', '[address]'],
  ])('masks %s', (text, masked) => {
    expect(personal(text)).toBe(masked);
  });

  it.each(['Set of 3 place mats', 'Add 2 items to cart', 'Free delivery from 50 €', 'Top 10 Gifts'])('keeps %s', (text) => {
    expect(personal(text)).toBe(text);
  });

  it('keeps addresses and phones in relaxed walks', () => {
    expect(secrets('12 rue des Lilas, +33 6 12 34 56 78')).toBe('12 rue des Lilas, +33 6 12 34 56 78');
  });

  it('is idempotent: placeholders are never masked again', () => {
    const once = personal('jane@example.com, 4111 1111 1111 1111, +33 6 12 34 56 78, 12 rue des Lilas');
    expect(personal(once)).toBe(once);
  });
});
