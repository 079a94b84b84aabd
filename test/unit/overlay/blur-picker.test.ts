// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { blurSelectorOf, elementAt, installBlurPicker } from '@/lib/overlay/blur-picker';

afterEach(() => {
  document.body.innerHTML = '';
  for (const element of Array.from(document.documentElement.children)) if (element.localName.startsWith('parcours-')) element.remove();
});

describe('the always-blur picker', () => {
  it('names an element by a selector, through the shadow roots that hold it', () => {
    document.body.innerHTML = '<h1 id="promo">Hello</h1><shop-box></shop-box>';
    const shadow = (document.querySelector('shop-box') as Element).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p class="qty">2</p><p class="qty">3</p>';
    expect(blurSelectorOf(document.getElementById('promo') as Element)).toBe('#promo');
    expect(blurSelectorOf(shadow.querySelectorAll('p')[1] as Element)).toBe('shop-box >>> p.qty:nth-of-type(2)');
  });

  it('finds the page’s element under a point, inside open shadow roots, never Parcours’ own', () => {
    document.body.innerHTML = '<shop-box></shop-box><div data-parcours-ui></div>';
    const host = document.querySelector('shop-box') as Element;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<span>2</span>';
    const own = document.querySelector('[data-parcours-ui]') as Element;
    document.elementsFromPoint = () => [own, host, document.body];
    (shadow as ShadowRoot & { elementsFromPoint(x: number, y: number): Element[] }).elementsFromPoint = () => [shadow.querySelector('span') as Element, host];
    expect(elementAt(document, 1, 1)).toBe(shadow.querySelector('span'));
  });

  it('lays a sheet over the page while picking, stops what lands on it before any later listener, and Escape cancels', () => {
    document.body.innerHTML = '<h1 id="promo">Hello</h1>';
    const onPick = vi.fn();
    const onCancel = vi.fn();
    const picker = installBlurPicker(window, { onPick, onCancel });
    // A listener registered after the picker (the recorder's, the page's) on the window, in the capture phase.
    const later = vi.fn();
    window.addEventListener('click', later, true);
    window.addEventListener('pointerdown', later, true);
    try {
      picker.start();
      expect(picker.active).toBe(true);
      const sheet = document.querySelector('parcours-blur-picker') as HTMLElement;
      expect(sheet.hasAttribute('data-parcours-ui')).toBe(true);
      sheet.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, cancelable: true }));
      const click = new MouseEvent('click', { bubbles: true, cancelable: true });
      sheet.dispatchEvent(click);
      expect(later).not.toHaveBeenCalled();
      expect(click.defaultPrevented).toBe(true);
      // A script's click (not a person's) chooses nothing.
      expect(onPick).not.toHaveBeenCalled();
      // Elsewhere (the overlay), events pass.
      document.getElementById('promo')?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      expect(later).toHaveBeenCalledTimes(1);
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
      // Only a person's Escape cancels.
      expect(picker.active).toBe(true);
      picker.cancel();
      expect(onCancel).toHaveBeenCalledTimes(1);
      expect(picker.active).toBe(false);
      expect(document.querySelector('parcours-blur-picker')).toBeNull();
      expect(document.querySelector('parcours-blur-outline')).toBeNull();
    } finally {
      picker.uninstall();
      window.removeEventListener('click', later, true);
      window.removeEventListener('pointerdown', later, true);
    }
  });
});
