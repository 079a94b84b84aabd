import { describe, expect, it } from 'vitest';
import { type FieldTraits, isSecretField, isSensitiveField, MASK, maskSensitiveText, maskUrl, scrubTypedValues, TYPED } from '@/lib/capture/masking';

/** Field traits with everything unknown, so each test sets only what it is about. */
function field(traits: Partial<FieldTraits>): FieldTraits {
  return { inputType: 'text', name: null, id: null, autocomplete: null, label: null, ...traits };
}

describe('maskSensitiveText', () => {
  it('replaces e-mail addresses wherever they appear in the text', () => {
    expect(maskSensitiveText('Contact jane.doe+shop@example.co.uk for help')).toBe('Contact [email] for help');
    expect(maskSensitiveText('a@b.io, C.D@Mail.Example.COM')).toBe('[email], [email]');
  });

  it('replaces a 16-digit card number written in one run', () => {
    expect(maskSensitiveText('Card 4111111111111111 accepted')).toBe('Card [card] accepted');
  });

  it('replaces card-like numbers grouped by spaces or by dashes', () => {
    expect(maskSensitiveText('Paid with 4111 1111 1111 1111.')).toBe('Paid with [card].');
    expect(maskSensitiveText('Paid with 5500-0000-0000-0004.')).toBe('Paid with [card].');
  });

  it('replaces runs of 12 to 19 digits (account numbers, IBAN digits)', () => {
    expect(maskSensitiveText('ref 123456789012 end')).toBe('ref [number] end');
    expect(maskSensitiveText('ref 1234567890123456789 end')).toBe('ref [number] end');
  });

  it('keeps short numbers: prices, quantities, years, order numbers up to 11 digits', () => {
    const text = 'Total 129.99 EUR, qty 3, year 2024, order 12345678901, on 2024-01-15';
    expect(maskSensitiveText(text)).toBe(text);
  });

  it('leaves text without personal data unchanged, including the empty string', () => {
    expect(maskSensitiveText('Add to cart')).toBe('Add to cart');
    expect(maskSensitiveText('')).toBe('');
  });

  it('does not take a bare @handle or an address without a domain suffix for an e-mail', () => {
    expect(maskSensitiveText('Follow @parcours on social media')).toBe('Follow @parcours on social media');
    expect(maskSensitiveText('user@localhost')).toBe('user@localhost');
  });
});

describe('maskUrl', () => {
  it('leaves an ordinary URL as it is', () => {
    expect(maskUrl('https://shop.test/products/42?color=red&size=m#reviews')).toBe('https://shop.test/products/42?color=red&size=m#reviews');
  });

  it('masks the values of sensitive query parameters and keeps the others', () => {
    const masked = maskUrl('https://shop.test/login?email=a%40b.co&password=hunter2&token=abc123&card=4111&ref=home');
    const params = new URL(masked).searchParams;
    expect(params.get('email')).toBe(MASK);
    expect(params.get('password')).toBe(MASK);
    expect(params.get('token')).toBe(MASK);
    expect(params.get('card')).toBe(MASK);
    expect(params.get('ref')).toBe('home');
    expect(masked).not.toContain('hunter2');
    expect(masked).not.toContain('abc123');
    expect(masked).not.toContain('a%40b.co');
  });

  it('masks sensitive parameter names case-insensitively and in compound names', () => {
    const params = new URL(maskUrl('https://shop.test/cb?Access_Token=xyz&api_key=k1&reset-pwd=p&otp=123456')).searchParams;
    expect(params.get('Access_Token')).toBe(MASK);
    expect(params.get('api_key')).toBe(MASK);
    expect(params.get('reset-pwd')).toBe(MASK);
    expect(params.get('otp')).toBe(MASK);
  });

  it('keeps the order and repetition of query parameters', () => {
    const masked = maskUrl('https://shop.test/s?tag=a&token=t&tag=b');
    expect([...new URL(masked).searchParams]).toEqual([
      ['tag', 'a'],
      ['token', MASK],
      ['tag', 'b'],
    ]);
  });

  it('scrubs e-mails and card numbers inside the values of non-sensitive parameters', () => {
    const params = new URL(maskUrl('https://shop.test/search?q=john%40example.com&ref=4111+1111+1111+1111&page=2')).searchParams;
    expect(params.get('q')).toBe('[email]');
    expect(params.get('ref')).toBe('[card]');
    expect(params.get('page')).toBe('2');
  });

  it('does not flag parameters whose names merely contain a sensitive word as a substring', () => {
    const url = 'https://shop.test/cart?shipping=express&spinner=on';
    expect(maskUrl(url)).toBe(url);
  });

  it('removes credentials embedded in the URL', () => {
    expect(maskUrl('https://admin:s3cret@shop.test/dashboard')).toBe('https://shop.test/dashboard');
    expect(maskUrl('https://admin@shop.test/dashboard')).toBe('https://shop.test/dashboard');
  });

  it('scrubs e-mails and long numbers in the path', () => {
    expect(maskUrl('https://shop.test/users/john@example.com/profile')).toBe('https://shop.test/users/[email]/profile');
    expect(maskUrl('https://shop.test/orders/4111111111111111')).toBe('https://shop.test/orders/[card]');
  });

  it('scrubs e-mails in the hash fragment, also when percent-encoded', () => {
    expect(maskUrl('https://shop.test/help#contact=jane@example.com')).toBe('https://shop.test/help#contact=[email]');
    expect(maskUrl('https://shop.test/help#contact=jane%40example.com')).toBe('https://shop.test/help#contact=[email]');
  });

  it('keeps an ordinary hash fragment and a malformed percent-encoding in the hash', () => {
    expect(maskUrl('https://shop.test/a#section-2')).toBe('https://shop.test/a#section-2');
    expect(maskUrl('https://shop.test/a#%E0%A4%A')).toBe('https://shop.test/a#%E0%A4%A');
  });

  it('scrubs an invalid URL as plain text instead of throwing', () => {
    expect(maskUrl('not a url, write to jane@example.com')).toBe('not a url, write to [email]');
    expect(maskUrl('http://[broken')).toBe('http://[broken');
    expect(maskUrl('')).toBe('');
  });
});

describe('maskUrl on relative URLs (form actions, hrefs as written)', () => {
  it('masks sensitive parameters and keeps the URL relative', () => {
    expect(maskUrl('/reset?token=abc123&lang=fr')).toBe('/reset?token=[masked]&lang=fr');
    expect(maskUrl('/search?q=mugs')).toBe('/search?q=mugs');
  });

  it('scrubs e-mails in relative paths and leaves a bare path as it is', () => {
    expect(maskUrl('/users/jane@example.com/orders')).toBe('/users/[email]/orders');
    expect(maskUrl('/cart')).toBe('/cart');
  });
});

describe('isSensitiveField on names joined by underscores, dashes or digits', () => {
  const field = (name: string) => ({ inputType: 'text', name, id: null, autocomplete: null, label: null });

  it('flags short sensitive words as whole words', () => {
    for (const name of ['user_pin', 'otp_code', 'ssn_last4', 'user_tel', 'tel2', 'pin-code']) expect(isSensitiveField(field(name)), name).toBe(true);
  });

  it('still ignores words that merely contain them', () => {
    for (const name of ['shipping', 'spinner', 'hotel', 'telescope', 'author_note']) expect(isSensitiveField(field(name)), name).toBe(name === 'author_note');
  });
});

describe('isSensitiveField', () => {
  it.each(['password', 'email', 'tel'])('flags inputs of type %s whatever their name', (inputType) => {
    expect(isSensitiveField(field({ inputType, name: 'field1' }))).toBe(true);
  });

  it.each(['cc-number', 'cc-exp', 'cc-csc', 'cc-name', 'current-password', 'new-password', 'one-time-code', 'email', 'tel', 'tel-national'])(
    'flags the autocomplete hint %s',
    (autocomplete) => {
      expect(isSensitiveField(field({ autocomplete }))).toBe(true);
    },
  );

  it('reads the autocomplete hint case-insensitively and ignores surrounding spaces', () => {
    expect(isSensitiveField(field({ autocomplete: '  CC-Number ' }))).toBe(true);
  });

  it('does not flag harmless autocomplete hints', () => {
    expect(isSensitiveField(field({ autocomplete: 'shipping postal-code' }))).toBe(false);
    expect(isSensitiveField(field({ autocomplete: 'given-name' }))).toBe(false);
    expect(isSensitiveField(field({ autocomplete: 'off' }))).toBe(false);
  });

  it.each([
    'card_number',
    'cardNumber',
    'ccnum',
    'cc-number',
    'cvv',
    'cvc',
    'iban',
    'ssn',
    'pin',
    'user-pin',
    'otp',
    'api_key',
    'secret',
    'pwd',
    'passcode',
    'auth-code',
    'e-mail',
    'phone',
    'tel',
  ])('flags the field name %s', (name) => {
    expect(isSensitiveField(field({ name }))).toBe(true);
  });

  it('flags a sensitive id or label when the name says nothing', () => {
    expect(isSensitiveField(field({ name: 'f3', id: 'billing-card' }))).toBe(true);
    expect(isSensitiveField(field({ name: 'f4', label: 'Social security number' }))).toBe(true);
    expect(isSensitiveField(field({ name: 'f5', label: 'Your email address' }))).toBe(true);
  });

  it.each(['shipping', 'spinner', 'quantity', 'search', 'first_name', 'city', 'coupon', 'username', 'options', 'pinned-notes'])(
    'does not flag the harmless field name %s',
    (name) => {
      expect(isSensitiveField(field({ name, id: name, label: name }))).toBe(false);
    },
  );

  it('does not flag text, search, number, checkbox or select fields on their type alone', () => {
    for (const inputType of ['text', 'search', 'number', 'checkbox', 'select', 'textarea', null]) {
      expect(isSensitiveField(field({ inputType }))).toBe(false);
    }
  });
});

describe('scrubTypedValues', () => {
  it('removes every value the tester typed from a page’s text, longest first', () => {
    expect(scrubTypedValues("'jdoe42' is already taken, try jdoe42b", ['jdoe42', 'jdoe42b'])).toBe(`'${TYPED}' is already taken, try ${TYPED}`);
    expect(scrubTypedValues('We do not deliver to 12 Rue Haute', ['  12 Rue Haute '])).toBe(`We do not deliver to ${TYPED}`);
  });

  it('leaves short values and texts without typed values alone', () => {
    expect(scrubTypedValues('No stock in size M', ['M', 'no', ''])).toBe('No stock in size M');
    expect(scrubTypedValues('Please fill in this field.', [])).toBe('Please fill in this field.');
  });
});

describe('isSecretField', () => {
  it('takes passwords, one-time codes, cards and PINs for secrets, whose values are never hashed as echoes', () => {
    for (const traits of [
      { inputType: 'password' },
      { autocomplete: 'one-time-code' },
      { autocomplete: 'cc-number' },
      { name: 'cvc' },
      { label: 'Card number' },
      { name: 'user_pin' },
    ])
      expect(isSecretField(field(traits)), JSON.stringify(traits)).toBe(true);
  });

  it('does not take contact details (sensitive, but shown back by sites) nor ordinary fields for secrets', () => {
    for (const traits of [
      { inputType: 'email' },
      { inputType: 'tel' },
      { autocomplete: 'email' },
      { name: 'phone' },
      { label: 'Your email address' },
      { name: 'city' },
    ])
      expect(isSecretField(field(traits)), JSON.stringify(traits)).toBe(false);
  });
});
