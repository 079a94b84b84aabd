import { describe, expect, it } from 'vitest';
import { createEchoMatcher, typedValueHashes } from '@/lib/privacy/echoes';
import { keepsSelector, maskEvent, maskSelectors } from '@/lib/privacy/event-masking';
import { createMasker, isMaskedText, MASKED_TEXT } from '@/lib/privacy/masker';
import { isTokenLike } from '@/lib/privacy/tokens';
import { isSensitiveParameter } from '@/lib/privacy/urls';

describe('isTokenLike', () => {
  it.each([
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    '4f9c2a1b7e3d5f6a8b9c0d1e2f3a4b5c',
    '550e8400-e29b-41d4-a716-446655440000',
    'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRg',
    'k3j5h6g7f8d9s0a1q2w3e4',
    'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  ])('takes %s for a token', (value) => {
    expect(isTokenLike(value)).toBe(true);
  });

  it.each(['red-ceramic-mug-with-handle', 'mug-350ml-2024-edition', 'ProductDetailsPage2024', 'checkout', '1234567890123456', 'short-1f'])(
    'keeps %s',
    (value) => {
      expect(isTokenLike(value)).toBe(false);
    },
  );
});

describe('isSensitiveParameter', () => {
  it.each([
    'access_token',
    'id_token',
    'session',
    'sessionId',
    'PHPSESSID',
    'jsessionid',
    'sid',
    'code',
    'key',
    'api_key',
    'apiKey',
    'sig',
    'signature',
    'jwt',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
    'auth',
    'password',
    'email',
    'otp',
  ])('flags %s', (name) => {
    expect(isSensitiveParameter(name)).toBe(true);
  });

  it.each(['q', 'color', 'state', 'country_code', 'zip_code', 'keyword', 'author', 'shipping', 'page', 'X-Amz-Date', 'utm_source'])('keeps %s', (name) => {
    expect(isSensitiveParameter(name)).toBe(false);
  });
});

describe('createMasker', () => {
  const echoes = createEchoMatcher('s', typedValueHashes('s', 'Sandrine Martinez'));

  it('masks page text by mode: strict all of it, balanced personal data, relaxed secrets', () => {
    const text = 'Sandrine Martinez, jane@example.com, +33 6 12 34 56 78, 12 rue des Lilas';
    expect(createMasker('strict', echoes).pageText(text)).toBe(MASKED_TEXT);
    expect(createMasker('balanced', echoes).pageText(text)).toBe('[typed], [email], [phone], [address]');
    expect(createMasker('relaxed', echoes).pageText(text)).toBe('[typed], [email], +33 6 12 34 56 78, 12 rue des Lilas');
    expect(createMasker('strict').pageText('  ')).toBe('  ');
    expect(createMasker('strict').pageText(null)).toBeNull();
    expect(isMaskedText('[text]')).toBe(true);
  });

  it('masks personal data before echoes: an e-mail holding a typed word is still an e-mail', () => {
    const typed = createEchoMatcher('s', typedValueHashes('s', 'sandrine at example'));
    expect(createMasker('balanced', typed).pageText('Enter an e-mail address such as name@example.org')).toBe('Enter an e-mail address such as [email]');
    expect(createMasker('balanced', typed).url('https://shop.test/u/name@example.org?for=example')).toBe('https://shop.test/u/[email]?for=[typed]');
  });

  it('masks URLs and tokens inside texts', () => {
    const masker = createMasker('relaxed');
    expect(masker.text('Reset at https://shop.test/reset?token=abc123 with key sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe(
      'Reset at https://shop.test/reset?token=[masked] with key [masked]',
    );
  });

  it('keeps a search term but in strict walks, its personal data and echoes masked', () => {
    expect(createMasker('balanced', echoes).searchTerm('  mugs  for   Sandrine ')).toBe('mugs for [typed]');
    expect(createMasker('relaxed').searchTerm('mugs')).toBe('mugs');
    expect(createMasker('strict').searchTerm('mugs')).toBeNull();
    expect(createMasker('balanced').searchTerm('   ')).toBeNull();
  });

  it('tells which values a selector may hold', () => {
    const masker = createMasker('balanced', echoes);
    expect(masker.keepsInSelector('add-to-cart')).toBe(true);
    for (const value of ['jane@example.com', 'user-sandrine', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', '4f9c2a1b7e3d5f6a8b9c'])
      expect(masker.keepsInSelector(value), value).toBe(false);
  });
});

describe('maskSelectors', () => {
  const balanced = createMasker('balanced');
  const strict = createMasker('strict');

  it('drops an alternative that holds a placeholder, a token or personal data, never keeping it in part', () => {
    const alternatives = [
      ['aria/Account of [email][role="button"]'],
      ['button[aria-label="Account of jane@example.com"]'],
      ['#track-order'],
      ['shop-app', 'button[data-testid="user-4f9c2a1b7e3d5f6a8b9c0d"]'],
      ['xpath///*[@id="main"]/div[2]/button'],
      ['text/Add to cart'],
    ];
    expect(maskSelectors(alternatives, balanced)).toEqual([['#track-order'], ['xpath///*[@id="main"]/div[2]/button'], ['text/Add to cart']]);
  });

  it('keeps no selector quoting page text in strict walks', () => {
    expect(keepsSelector('aria/Add to cart[role="button"]', strict)).toBe(false);
    expect(keepsSelector('text/Add to cart', strict)).toBe(false);
    expect(keepsSelector('button[aria-label="Add"]', strict)).toBe(false);
    expect(keepsSelector('#add-to-cart', strict)).toBe(true);
    expect(keepsSelector('main > ul > li:nth-of-type(3) > a', strict)).toBe(true);
  });
});

describe('maskEvent', () => {
  it('masks each string as its field calls for, leaves structure alone, and is idempotent', () => {
    const event = {
      id: 'e1',
      kind: 'submit',
      tabId: 1,
      url: 'https://shop.test/pay?token=abc',
      pageTitle: 'Order of jane@example.com',
      form: {
        name: 'checkout',
        selectors: [['form#checkout'], ['aria/Billing of jane@example.com']],
        method: 'post',
        action: '/pay?sig=xyz',
        fieldCount: 3,
        label: 'Billing of jane@example.com',
        role: 'search',
      },
    };
    const strict = maskEvent(event, createMasker('strict'));
    expect(strict).toEqual({
      ...event,
      url: 'https://shop.test/pay?token=[masked]',
      pageTitle: '[text]',
      form: { ...event.form, selectors: [['form#checkout']], action: '/pay?sig=[masked]', label: '[text]' },
    });
    expect(maskEvent(strict, createMasker('strict'))).toEqual(strict);
    const balanced = maskEvent(event, createMasker('balanced'));
    expect(balanced).toMatchObject({ pageTitle: 'Order of [email]', form: { label: 'Billing of [email]', name: 'checkout' } });
    expect(maskEvent(balanced, createMasker('balanced'))).toEqual(balanced);
  });

  it('leaves a strict walk’s search term out, and makes a frame chain’s bad selector the bare tag', () => {
    const change = { kind: 'field-change', searchTerm: 'mugs', valueLength: 4 };
    expect(maskEvent(change, createMasker('strict'))).toEqual({ kind: 'field-change', valueLength: 4 });
    expect(maskEvent(change, createMasker('balanced'))).toEqual(change);
    const frame = { frame: { iframeSelectors: [['#shop'], ['iframe[aria-label="Pay jane@example.com"]']], offset: { x: 0, y: 0 }, indexPath: [0, 1] } };
    expect(maskEvent(frame, createMasker('balanced')).frame.iframeSelectors).toEqual([['#shop'], ['iframe']]);
  });
});
