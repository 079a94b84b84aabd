import type { JourneyDocument, JourneyStep } from '../../bundle/journey-document';
import { DEFAULT_STAGE_IDS } from '../stages';

/**
 * How steps of different walks are recognised as "the same": by stage, by page and by action.
 *
 * Stage identity: a default stage (awareness … advocacy) by its id, which every walk shares whatever its
 * language; a stage the tester made by its name, trimmed, case- and accent-folded (its id is random per walk).
 * A step without a stage (or naming one the walk no longer has) is in the stage key `""`.
 *
 * Page identity: the URL's origin (scheme and host, lowercased) and path, without query or hash and without
 * a trailing slash (but `/`): `https://Shop.example/cart/?step=2#top` is `https://shop.example/cart`. A step
 * without a URL has the page `""`.
 *
 * Action identity: the step's kind and its target's role (or tag) and accessible name (or text), folded:
 * `click|button|add to cart`. A step without a target is its kind alone (`navigate`).
 */
export const NO_STAGE = '';
const DEFAULTS = new Set<string>(DEFAULT_STAGE_IDS);

export function fold(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export function stageKeyOf(stage: { id: string; name: string } | null | undefined): string {
  if (!stage) return NO_STAGE;
  return DEFAULTS.has(stage.id) ? stage.id : `name:${fold(stage.name)}`;
}

export function pageKey(url: string | null | undefined): string {
  if (!url) return '';
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') || '/' : '/';
    // `origin` is "null" for file:, data: and the like: their path alone then identifies the page.
    const origin = parsed.origin === 'null' ? `${parsed.protocol}` : parsed.origin.toLowerCase();
    return `${origin}${path}`;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? '';
  }
}

export function actionKey(step: Pick<JourneyStep, 'kind' | 'target'>): string {
  const target = step.target;
  if (!target) return step.kind;
  return [step.kind, fold(target.role ?? target.tag), fold(target.name ?? target.text).slice(0, 80)].join('|');
}

/** The key two steps of one stage are aligned by: page and action. */
export function stepKey(step: Pick<JourneyStep, 'kind' | 'target' | 'url'>): string {
  return `${pageKey(step.url)} ${actionKey(step)}`;
}

/** The stage key of each step of a walk, by its stage (lib/bundle/formats/stage-groups.ts rules). */
export function stageKeysOf(journey: Pick<JourneyDocument, 'stages'>): Map<string, string> {
  return new Map(journey.stages.map((stage) => [stage.id, stageKeyOf(stage)]));
}

/** The site a walk starts on (origin of its start URL): walks of one journey share it. */
export function startSite(journey: { session: Pick<JourneyDocument['session'], 'startUrl'> }): string {
  return siteOf(journey.session.startUrl);
}

/** The site of an address: its origin, or the address itself when it has none (file:, data:, unparsable). */
export function siteOf(url: string): string {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? url : origin;
  } catch {
    return url;
  }
}
