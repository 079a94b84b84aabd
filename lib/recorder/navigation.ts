import type { NavigationType } from '../capture/events';

/** Maps webNavigation's transition type and qualifiers of a committed load to our navigation type. */
export function navigationTypeOfCommit(transitionType: string | undefined, qualifiers: readonly string[] = []): NavigationType {
  if (qualifiers.includes('forward_back')) return 'back-forward';
  switch (transitionType) {
    case 'reload':
      return 'reload';
    case 'typed':
    case 'auto_bookmark':
    case 'generated':
    case 'keyword':
    case 'keyword_generated':
      return 'typed';
    case 'link':
      return 'link';
    case 'form_submit':
      return 'form-submit';
    default:
      return 'load';
  }
}

/**
 * A same-document history change. The content script's observation (Navigation API where the browser has
 * it) says push or replace; webNavigation's qualifiers say back/forward.
 */
export function navigationTypeOfHistoryUpdate(qualifiers: readonly string[], observed: 'push' | 'replace' | 'traverse' | null): NavigationType {
  if (qualifiers.includes('forward_back') || observed === 'traverse') return 'back-forward';
  return observed === 'replace' ? 'replace-state' : 'push-state';
}
