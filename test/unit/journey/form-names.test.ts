import { describe, expect, it } from 'vitest';
import type { FormDescriptor } from '@/lib/capture/events';
import { capitalized, formName, formPhrase, readableName } from '@/lib/journey/form-names';

const form = (name: string | null, selectors: string[][] = [], texts: Partial<FormDescriptor> = {}): FormDescriptor => ({
  name,
  selectors,
  method: 'get',
  action: null,
  fieldCount: 1,
  ...texts,
});

describe('readableName', () => {
  it('reads a code name as words', () => {
    expect(readableName('shipping-form')).toBe('shipping');
    expect(readableName('checkoutForm')).toBe('checkout');
    expect(readableName('frm_login')).toBe('login');
    expect(readableName('billing_address')).toBe('billing address');
    expect(readableName('add-to-cart')).toBe('add to cart');
    expect(readableName('SHIPPING')).toBe('shipping');
  });

  it('keeps a name written for people (with spaces) as it is, without a "form" word at its end', () => {
    expect(readableName('Delivery address')).toBe('Delivery address');
    expect(readableName('Shipping form')).toBe('Shipping');
  });

  it('never uses a one- or two-letter id, nor a hash-like or vowel-less class', () => {
    for (const raw of ['f', 'f1', 'my', 'x2', 'css-1x7f3q', 'sc-bdVaJa', 'jsx-2893716745', 'kJuLpA', 'cc-frm', 'form', 'frm', '', '  ', null, undefined])
      expect(readableName(raw), String(raw)).toBeNull();
  });
});

describe('formName', () => {
  it('names a form by what a person reads, best first: accessible name, legend, search, heading, button', () => {
    const all = { label: 'Newsletter', legend: 'Your e-mail', role: 'search', heading: 'Stay in touch', submitText: 'Subscribe' };
    expect(formName(form('f', [['#f']], all))).toEqual({ text: 'Newsletter', from: 'title' });
    expect(formName(form('f', [['#f']], { ...all, label: null }))).toEqual({ text: 'Your e-mail', from: 'title' });
    expect(formName(form('f', [['#f']], { ...all, label: null, legend: null }))).toEqual({ text: 'search', from: 'search' });
    expect(formName(form('f', [['#f']], { ...all, label: null, legend: null, role: null }))).toEqual({ text: 'Stay in touch', from: 'title' });
    expect(formName(form('f', [['#f']], { submitText: 'Continue' }))).toEqual({ text: 'Continue', from: 'button' });
  });

  it('prefers the texts a person reads to a readable code name', () => {
    expect(formName(form('shipping-form', [['#shipping-form']], { heading: 'Livraison' }))).toEqual({ text: 'Livraison', from: 'title' });
  });

  it('drops "form" words at the ends of a title, and a title that says only "form"', () => {
    expect(formName(form(null, [], { label: 'Shipping form' }))?.text).toBe('Shipping');
    expect(formName(form(null, [], { legend: 'Formulaire de contact' }))?.text).toBe('contact');
    expect(formName(form(null, [], { label: 'Form', heading: 'Contact' }))).toEqual({ text: 'Contact', from: 'title' });
  });

  it('falls back, for events recorded without those texts, on a code name or selector that reads as words', () => {
    expect(formName(form('shipping-form'))).toEqual({ text: 'shipping', from: 'words' });
    expect(formName(form('Delivery address'))).toEqual({ text: 'Delivery address', from: 'title' });
    expect(formName(form(null, [['form.search-form'], ['xpath//html/body/form']]))).toEqual({ text: 'search', from: 'words' });
    expect(formName(form(null, [['xpath//html/body/form'], ['pierce/#login-form']]))).toEqual({ text: 'login', from: 'words' });
    // A short id, then a hash-like class: the next selector's class is the one that reads.
    expect(formName(form('f', [['form#f.css-1x7f3q'], ['form.contact-form']]))).toEqual({ text: 'contact', from: 'words' });
  });

  it('then on the name of the button clicked to send it, and never on a field’s label', () => {
    expect(formName(form('f', [['#f']]), 'Sign in')).toEqual({ text: 'Sign in', from: 'button' });
    expect(formName(null, 'Sign in')).toEqual({ text: 'Sign in', from: 'button' });
    expect(formName(form('f', [['#f']]))).toBeNull();
    expect(formName(null)).toBeNull();
  });
});

describe('formPhrase', () => {
  it('says the form in a sentence, in English and French', () => {
    expect(formPhrase({ text: 'Shipping', from: 'title' }, 'en')).toBe('the "Shipping" form');
    expect(formPhrase({ text: 'shipping', from: 'words' }, 'en')).toBe('the shipping form');
    expect(formPhrase({ text: 'search', from: 'search' }, 'en')).toBe('the search form');
    expect(formPhrase({ text: 'Continue', from: 'button' }, 'en')).toBe('the form sent with "Continue"');
    expect(formPhrase(null, 'en')).toBe('the form');
    expect(formPhrase({ text: 'Livraison', from: 'title' }, 'fr')).toBe('le formulaire « Livraison »');
    expect(formPhrase({ text: 'search', from: 'search' }, 'fr')).toBe('le formulaire de recherche');
    expect(formPhrase({ text: 'Continuer', from: 'button' }, 'fr')).toBe('le formulaire envoyé par « Continuer »');
    expect(formPhrase(null, 'fr')).toBe('le formulaire');
  });

  it('starts a sentence with a capital', () => {
    expect(capitalized(formPhrase(null, 'fr'), 'fr')).toBe('Le formulaire');
    expect(capitalized('', 'en')).toBe('');
  });
});
