// @vitest-environment jsdom
// jsdom's DOMParser parses `application/xml` with a conforming XML 1.0 parser (saxes): a document that is not
// well-formed comes back as a <parsererror>.
import { describe, expect, it } from 'vitest';
import { CJML_WEB_CHANNEL, cjmlXml, writeCjml, xmlEscape } from '@/lib/bundle/formats/cjml-xml';
import type { JourneyDocument } from '@/lib/bundle/journey-document';
import { HOSTILE, layeredJourney, withSteps } from './fixture';

function parse(xml: string): Document {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const error = document.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed: ${error.textContent}`);
  return document;
}

function write(journey: JourneyDocument, locale?: 'en' | 'fr'): Document {
  return parse(writeCjml({ journey, events: [], locale }));
}

const children = (parent: Element, name?: string) => [...parent.children].filter((child) => !name || child.tagName === name);
const child = (parent: Element, path: string): Element => {
  let current: Element | undefined = parent;
  for (const name of path.split('/')) {
    current = current ? children(current, name)[0] : undefined;
    if (!current) throw new Error(`no ${path} under <${parent.tagName}>`);
  }
  return current;
};
const textOf = (parent: Element, path: string) => child(parent, path).textContent;

describe('cjml.xml', () => {
  const journey = layeredJourney();
  const document = write(journey);
  const actual = child(document.documentElement, 'actualJourney');
  const touchpoints = children(child(actual, 'touchpoints'));

  it('is a well-formed CJML 2.0 document holding one actual journey', () => {
    expect(document.documentElement.tagName).toBe('CJML');
    expect(document.documentElement.getAttribute('version')).toBe('2.0');
    expect(children(document.documentElement).map((element) => element.tagName)).toEqual(['actualJourney']);
    expect(children(actual).map((element) => element.tagName)).toEqual([
      'journeyID',
      'journeyTitle',
      'journeyPhases',
      'journeyShortSummary',
      'journeyLongSummary',
      'journeyStatus',
      'actors',
      'touchpoints',
    ]);
    expect(textOf(actual, 'journeyID')).toBe('AJ-walk-1');
    expect(textOf(actual, 'journeyTitle')).toBe('Buy a mug');
    expect(textOf(actual, 'journeyShortSummary')).toBe(journey.session.scenario);
    expect(textOf(actual, 'journeyLongSummary')).toBe(journey.session.goal);
    expect(textOf(actual, 'journeyStatus')).toBe('ended');
  });

  it('has the tester as end user and the site as service provider', () => {
    const actors = child(actual, 'actors');
    expect(children(actors).map((actor) => [actor.tagName, actor.getAttribute('actorID')])).toEqual([
      ['endUser', 'A1'],
      ['serviceProvider', 'S1'],
    ]);
    expect(textOf(actors, 'endUser/actorName')).toBe('Sandrine');
    expect(textOf(actors, 'serviceProvider/companyName')).toBe('shop.example');
  });

  it('lists the stages as journey phases, in order', () => {
    const phases = children(child(actual, 'journeyPhases'), 'journeyPhase');
    expect(phases.map((phase) => [phase.getAttribute('phaseID'), textOf(phase, 'phaseName')])).toEqual(
      journey.stages.map((stage, index) => [`P${index + 1}`, stage.name]),
    );
  });

  it('makes each step a communication point from the tester to the site, in its phase, with its times', () => {
    expect(touchpoints.map((touchpoint) => touchpoint.tagName)).toEqual(journey.steps.map(() => 'actualCommunicationPoint'));
    expect(touchpoints.map((touchpoint) => textOf(touchpoint, 'touchpointID'))).toEqual(['T1', 'T2', 'T3', 'T4']);
    expect(touchpoints.map((touchpoint) => child(touchpoint, 'belongsTo').getAttribute('phaseIDref'))).toEqual(['P1', 'P1', 'P5', 'P5']);
    const second = touchpoints[1] as Element;
    expect(child(second, 'initiator/refersTo').getAttribute('actorIDref')).toBe('A1');
    expect(textOf(second, 'initiator/initiatorLabel')).toBe('Click "Mugs"');
    expect(child(second, 'receiver/refersTo').getAttribute('actorIDref')).toBe('S1');
    expect(textOf(second, 'receiver/receiverLabel')).toBe('Mug shop');
    expect(textOf(second, 'channel/channelName')).toBe(CJML_WEB_CHANNEL);
    const step = journey.steps[1]!;
    expect(textOf(second, 'timestamps/timeOriginated')).toBe(step.at);
    expect(textOf(second, 'timestamps/timeConsumed')).toBe(step.at);
    expect(textOf(second, 'timestamps/timeCompleted')).toBe(new Date(Date.parse(step.at) + step.durationMs).toISOString());
    expect(textOf(second, 'comment')).toBe('Where are the big mugs?\nMenu hidden on hover');
  });

  it('rates the experience 1..5 (valence + 3) where the tester gave an emotion, and writes none otherwise', () => {
    const experiences = touchpoints.map((touchpoint) => children(touchpoint, 'touchpointExperience')[0] ?? null);
    expect(
      experiences.map((experience) => (experience ? [textOf(experience, 'experienceDescription'), textOf(experience, 'experienceRating')] : null)),
    ).toEqual([null, ['confused', '2'], null, ['delighted', '5']]);
    const range = withSteps(journey, (_, index) => ({ emotion: { valence: [-2, -1, 0, 2][index] as number, label: null, score5: 0, author: 'tester' } }));
    const ratings = children(child(child(write(range).documentElement, 'actualJourney'), 'touchpoints')).map((touchpoint) =>
      textOf(touchpoint, 'touchpointExperience/experienceRating'),
    );
    expect(ratings).toEqual(['1', '2', '3', '5']);
  });

  it('makes a tab the page opened a communication from the site, a split step’s second part an action of the tester', () => {
    const kinds = withSteps(journey, (step, index) => ({ kind: index === 2 ? 'new-tab' : index === 3 ? 'other' : step.kind }));
    const [, , opened, alone] = children(child(child(write(kinds).documentElement, 'actualJourney'), 'touchpoints'));
    expect(opened?.tagName).toBe('actualCommunicationPoint');
    expect(child(opened as Element, 'initiator/refersTo').getAttribute('actorIDref')).toBe('S1');
    expect(child(opened as Element, 'receiver/refersTo').getAttribute('actorIDref')).toBe('A1');
    expect(alone?.tagName).toBe('actualAction');
    expect(children(alone as Element, 'receiver')).toEqual([]);
    expect(children(alone as Element, 'channel')).toEqual([]);
    expect(textOf(alone as Element, 'timestamps/timeStarted')).toBe(journey.steps[3]?.at);
  });

  it('names one service provider per site the walk met, in the order met', () => {
    const sites = withSteps(journey, (step, index) => ({ touchpoint: { ...step.touchpoint, site: index >= 2 ? 'pay.example' : step.touchpoint.site } }));
    const actual2 = child(write(sites).documentElement, 'actualJourney');
    expect(
      children(child(actual2, 'actors'), 'serviceProvider').map((provider) => [provider.getAttribute('actorID'), textOf(provider, 'companyName')]),
    ).toEqual([
      ['S1', 'shop.example'],
      ['S2', 'pay.example'],
    ]);
    expect(children(child(actual2, 'touchpoints')).map((touchpoint) => child(touchpoint, 'receiver/refersTo').getAttribute('actorIDref'))).toEqual([
      'S1',
      'S1',
      'S2',
      'S2',
    ]);
  });

  it('writes a walk without steps or stages: no phases, no touchpoints, still the tester and the site', () => {
    const empty = structuredClone(journey);
    empty.steps = [];
    empty.stages = [];
    empty.session.title = '';
    empty.session.scenario = '';
    empty.session.goal = '';
    empty.session.persona = { name: '', description: '' };
    const actual2 = child(write(empty, 'fr').documentElement, 'actualJourney');
    expect(children(actual2).map((element) => element.tagName)).toEqual(['journeyID', 'journeyStatus', 'actors', 'touchpoints']);
    expect(children(child(actual2, 'touchpoints'))).toEqual([]);
    expect(textOf(actual2, 'actors/endUser/actorName')).toBe('Testeur');
    expect(textOf(actual2, 'actors/serviceProvider/companyName')).toBe('shop.example');
  });

  it('leaves out the phase of a step without a stage', () => {
    const unstaged = withSteps(journey, () => ({ stageId: null }));
    for (const touchpoint of children(child(child(write(unstaged).documentElement, 'actualJourney'), 'touchpoints'))) {
      expect(children(touchpoint, 'belongsTo')).toEqual([]);
    }
  });

  it('carries hostile text as text: markup, &, ]]>, quotes and unicode come back exactly; no element is injected', () => {
    const texts = [HOSTILE.script, HOSTILE.amp, HOSTILE.cdataEnd, HOSTILE.unicode];
    const hostile = withSteps(journey, (_, index) => ({ action: texts[index] as string, thoughts: texts }));
    hostile.session.title = `${HOSTILE.script} & ]]> "quoted" 'single'`;
    hostile.session.persona = { name: '</actorName><evil/>', description: '' };
    hostile.stages = hostile.stages.map((stage) => ({ ...stage, name: `${stage.name} <b>&</b>` }));
    const written = write(hostile);
    const actual2 = child(written.documentElement, 'actualJourney');
    expect(textOf(actual2, 'journeyTitle')).toBe(hostile.session.title);
    expect(textOf(actual2, 'actors/endUser/actorName')).toBe('</actorName><evil/>');
    expect(children(child(actual2, 'journeyPhases')).map((phase) => textOf(phase, 'phaseName'))).toEqual(hostile.stages.map((stage) => stage.name));
    const points = children(child(actual2, 'touchpoints'));
    expect(points.map((point) => textOf(point, 'initiator/initiatorLabel'))).toEqual(texts);
    expect(textOf(points[0] as Element, 'comment')).toBe(texts.join('\n'));
    expect(written.getElementsByTagName('script')).toHaveLength(0);
    expect(written.getElementsByTagName('evil')).toHaveLength(0);
    expect(written.getElementsByTagName('b')).toHaveLength(0);
  });

  it('strips the characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE) and keeps CR as a reference', () => {
    const hostile = withSteps(journey, (_, index) => ({
      action: [HOSTILE.controls, 'lone \uD800 surrogate \uDC00 end', 'non\uFFFEchar\uFFFF', 'keeps\ttab\r\nand CRLF'][index] as string,
    }));
    const points = children(child(child(write(hostile).documentElement, 'actualJourney'), 'touchpoints'));
    expect(points.map((point) => textOf(point, 'initiator/initiatorLabel'))).toEqual([
      'bell nul esc vt',
      'lone  surrogate  end',
      'nonchar',
      'keeps\ttab\r\nand CRLF',
    ]);
    expect(xmlEscape('a\u0000b]]>c&d<e\r')).toBe('ab]]&gt;c&amp;d&lt;e&#13;');
    // Astral characters (a pair of surrogates) are legal and stay.
    expect(xmlEscape('🛒')).toBe('🛒');
  });

  it('uses a parser that does reject what the writer guards against (so passing means something)', () => {
    expect(() => parse('<CJML version="2.0"><a>Fish & chips</a></CJML>')).toThrow(/not well-formed/);
    expect(() => parse('<CJML version="2.0"><a>bell \u0007</a></CJML>')).toThrow(/not well-formed/);
    expect(() => parse('<CJML version="2.0"><a><script></a></CJML>')).toThrow(/not well-formed/);
  });

  it('is registered as the cjml format, writing cjml.xml deflated', async () => {
    expect(cjmlXml.id).toBe('cjml');
    expect(await cjmlXml.write({ journey, events: [] })).toEqual([{ path: 'cjml.xml', data: writeCjml({ journey, events: [] }), compress: true }]);
  });
});
