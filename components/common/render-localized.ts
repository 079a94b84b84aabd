import { type ComponentChild, render } from 'preact';
import type { Locale } from '@/lib/i18n';
import { followBrowserLanguage } from '@/lib/i18n/browser-language';

/**
 * Renders an extension page once the tester's language is known, and again (state kept: the same tree,
 * drawn with the new strings) whenever it changes, from this page or any other. `title` names the tab.
 */
export function renderLocalized(app: () => ComponentChild, root: HTMLElement, title?: () => string): Promise<Locale> {
  return followBrowserLanguage((locale) => {
    document.documentElement.lang = locale;
    if (title) document.title = title();
    render(app(), root);
  }).ready;
}
