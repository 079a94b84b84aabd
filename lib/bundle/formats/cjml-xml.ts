import { t } from '../../i18n';
import type { JourneyDocument, JourneyStep } from '../journey-document';
import { placedStages, stageOfStep } from './stage-groups';
import type { BundleFormat, FormatContext } from './types';

/** The channel CJML names a website used on a computer by (the CJML editors' `internetViaPC`). */
export const CJML_WEB_CHANNEL = 'internetViaPC';
const END_USER_ID = 'A1';

/**
 * `cjml.xml`: the walk as a CJML 2.0 actual journey, for the open-source CJML editors. The tester (the persona)
 * is the end user, each site the walk went through a service provider, each step a touchpoint: an
 * `actualCommunicationPoint` when it went between the tester and a site (a click, a form, a page opened), an
 * `actualAction` when the tester acted alone; stages are journey phases; an emotion is the touchpoint's
 * experience, rated 1..5 (valence + 3). docs/bundle-format.md says what maps to what.
 */
export function writeCjml({ journey, locale = 'en' }: FormatContext): string {
  const { session } = journey;
  const stages = placedStages(journey);
  const phaseOf = new Map(stages.map((placed) => [placed.stage.id, placed]));
  const providers = serviceProviders(journey);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<CJML version="2.0">', '  <actualJourney>'];
  out.push(element(4, 'journeyID', `AJ-${session.id}`));
  if (text(session.title)) out.push(element(4, 'journeyTitle', session.title));
  if (stages.length > 0) {
    out.push('    <journeyPhases>');
    for (const { stage, position } of stages) {
      out.push(`      <journeyPhase phaseID="${phaseId(position)}">`);
      out.push(element(8, 'phaseName', text(stage.name) || t('bundle.stageFallback', { n: position }, locale)));
      out.push('        <phaseDescription></phaseDescription>');
      out.push('      </journeyPhase>');
    }
    out.push('    </journeyPhases>');
  }
  if (text(session.scenario)) out.push(element(4, 'journeyShortSummary', session.scenario));
  if (text(session.goal)) out.push(element(4, 'journeyLongSummary', session.goal));
  out.push(element(4, 'journeyStatus', session.completedAt ? 'completed' : session.status));
  out.push('    <actors>');
  out.push(`      <endUser actorID="${END_USER_ID}">`);
  out.push(element(8, 'actorName', text(session.persona.name) || t('author.tester', {}, locale)));
  out.push('      </endUser>');
  for (const [site, id] of providers.ids) {
    out.push(`      <serviceProvider actorID="${id}">`);
    out.push(element(8, 'companyName', site));
    out.push('      </serviceProvider>');
  }
  out.push('    </actors>');
  out.push('    <touchpoints>');
  journey.steps.forEach((step, index) => {
    out.push(...touchpoint(step, index, stageOfStep(step, phaseOf)?.position ?? null, providers.of(step)));
  });
  out.push('    </touchpoints>');
  out.push('  </actualJourney>', '</CJML>');
  return `${out.join('\n')}\n`;
}

function phaseId(position: number): string {
  return `P${position}`;
}

/** One service provider per site (host) the walk met, in the order met; a step on no known site is the start page's. */
function serviceProviders(journey: JourneyDocument): { ids: Map<string, string>; of(step: JourneyStep): string } {
  const fallback = hostOf(journey.session.startUrl) ?? 'web';
  const ids = new Map<string, string>();
  const siteOf = (step: JourneyStep) => text(step.touchpoint.site) || fallback;
  for (const step of journey.steps) {
    const site = siteOf(step);
    if (!ids.has(site)) ids.set(site, `S${ids.size + 1}`);
  }
  // A walk without steps still names the site it was on.
  if (ids.size === 0) ids.set(fallback, 'S1');
  return { ids, of: (step) => ids.get(siteOf(step)) as string };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/**
 * A step as a touchpoint. The tester's click, form, navigation or start page is a communication point from
 * the end user to the site; a tab the page opened by itself one from the site to the end user; the other part
 * of a split step an action of the end user alone.
 */
function touchpoint(step: JourneyStep, index: number, phase: number | null, provider: string): string[] {
  const communication = step.kind !== 'other';
  const tag = communication ? 'actualCommunicationPoint' : 'actualAction';
  const fromSite = step.kind === 'new-tab';
  const initiator = fromSite ? provider : END_USER_ID;
  const receiver = fromSite ? END_USER_ID : provider;
  const page = text(step.touchpoint.page) || text(step.pageTitle) || text(step.url);
  const started = step.at;
  const completed = isoPlus(step.at, step.durationMs);
  const lines = [`      <${tag}>`, element(8, 'touchpointID', `T${index + 1}`)];
  if (phase != null) lines.push(`        <belongsTo phaseIDref="${phaseId(phase)}"></belongsTo>`);
  lines.push('        <initiator>', `          <refersTo actorIDref="${initiator}"/>`, element(10, 'initiatorLabel', step.action), '        </initiator>');
  if (communication) {
    lines.push('        <receiver>', `          <refersTo actorIDref="${receiver}"/>`, element(10, 'receiverLabel', page), '        </receiver>');
    lines.push('        <channel>', element(10, 'channelName', CJML_WEB_CHANNEL), '        </channel>');
  }
  const comment = commentOf(step);
  if (comment) lines.push(element(8, 'comment', comment));
  lines.push('        <timestamps>');
  if (communication) lines.push(element(10, 'timeOriginated', started), element(10, 'timeConsumed', started));
  else lines.push(element(10, 'timeStarted', started));
  if (completed) lines.push(element(10, 'timeCompleted', completed));
  lines.push('        </timestamps>');
  if (step.emotion) {
    lines.push('        <touchpointExperience>');
    if (text(step.emotion.label)) lines.push(element(10, 'experienceDescription', step.emotion.label as string));
    lines.push(element(10, 'experienceRating', String(rating(step.emotion.valence))));
    lines.push('        </touchpointExperience>');
  }
  lines.push(`      </${tag}>`);
  return lines;
}

/** What the tester noted on the step, one line per lane item: thoughts, pain points, opportunities, expectations, notes, signals. */
function commentOf(step: JourneyStep): string {
  return [
    ...step.thoughts,
    ...step.painPoints,
    ...step.opportunities,
    ...step.expectations,
    ...step.notes,
    ...step.signals.filter((signal) => signal.decision !== 'dismissed').map((signal) => signal.description),
  ]
    .map(text)
    .filter(Boolean)
    .join('\n');
}

function rating(valence: number): number {
  return Math.min(5, Math.max(1, Math.round(valence) + 3));
}

function isoPlus(at: string, ms: number): string | null {
  const time = Date.parse(at);
  return Number.isFinite(time) && Number.isFinite(ms) ? new Date(time + ms).toISOString() : null;
}

/**
 * Characters XML 1.0 does not allow anywhere (controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF):
 * removed, since no escape can carry them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed.
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** A text trimmed and with what XML 1.0 cannot hold removed (a lone surrogate included). */
function text(value: string | null | undefined): string {
  return (value ?? '').replace(NOT_XML, '').trim();
}

/** Escapes character data: `&`, `<`, `>` (so `]]>` cannot appear) and CR (which a parser would turn into LF). */
export function xmlEscape(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>\r]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[char] as string);
}

function element(indent: number, name: string, value: string): string {
  return `${' '.repeat(indent)}<${name}>${xmlEscape(value)}</${name}>`;
}

export const cjmlXml: BundleFormat = {
  id: 'cjml',
  write: (context) => [{ path: 'cjml.xml', data: writeCjml(context), compress: true }],
};
