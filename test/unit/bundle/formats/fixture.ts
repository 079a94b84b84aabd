import type { AnnotationPayload } from '@/lib/annotations/types';
import { buildJourneyDocument, type JourneyDocument, type JourneyStep } from '@/lib/bundle/journey-document';
import type { AnnotationRecord } from '@/lib/store/records';
import { EventFixture, SHOP, START_EPOCH_MS, sessionRecord } from '../../fixtures/events';

let count = 0;
function annotation(eventId: string | null, t: number, payload: AnnotationPayload, author: 'tester' | 'observer' = 'tester'): AnnotationRecord {
  count += 1;
  return {
    ...payload,
    id: `a${count}`,
    sessionId: 'walk-1',
    eventId,
    t,
    at: new Date(START_EPOCH_MS + t).toISOString(),
    author,
    updatedAt: null,
    removed: false,
  } as AnnotationRecord;
}

/**
 * A walk of four steps as the map assembles it: the start page (awareness), a click on "Mugs" (awareness,
 * confused, a thought and a note), a click on "Blue mug" after the tester moved to the purchase stage (two
 * pain points, an opportunity) and a filled checkout form (delighted, an expectation).
 */
export function layeredJourney(): JourneyDocument {
  const fixture = new EventFixture('walk-1');
  fixture.start('start', 0);
  fixture.screenshot('start', 40, { screenshotId: 'shot-A' });
  fixture.click('c1', 1000, { name: 'Mugs' });
  fixture.navigation('n1', 1100, `${SHOP}/mugs`);
  fixture.on(`${SHOP}/mugs`, 'All mugs').pageLoad('l1', 1400, 'All mugs');
  fixture.click('c2', 3000, { name: 'Blue mug', selectors: [['#blue-mug']] });
  fixture.screenshot('c2', 3020, { screenshotId: 'shot-B' });
  fixture.navigation('n2', 3400, `${SHOP}/checkout`);
  fixture.on(`${SHOP}/checkout`, 'Checkout').pageLoad('l2', 3600, 'Checkout');
  fixture.fieldChange('f1', 5000, { label: 'Name on card', selectors: [['#name']] });
  fixture.submit('s1', 6000, 'checkout');
  fixture.stop('stop', 9000);
  const annotations = [
    annotation('c1', 1050, { kind: 'emotion', data: { valence: -1, label: 'confused' } }),
    annotation('c1', 1060, { kind: 'note', data: { noteKind: 'thought', text: 'Where are the big mugs?' } }),
    annotation('c1', 1070, { kind: 'note', data: { noteKind: 'note', text: 'Menu hidden on hover' } }, 'observer'),
    annotation(null, 2000, { kind: 'stage', data: { stageId: 'purchase' } }),
    annotation('c2', 3050, { kind: 'note', data: { noteKind: 'pain', text: 'No stock shown' } }),
    annotation('c2', 3060, { kind: 'note', data: { noteKind: 'pain', text: 'Price | tax unclear' } }),
    annotation('c2', 3070, { kind: 'note', data: { noteKind: 'opportunity', text: 'Show stock' } }),
    annotation('f1', 5100, { kind: 'emotion', data: { valence: 2, label: 'delighted' } }),
    annotation('f1', 5200, { kind: 'note', data: { noteKind: 'expectation', text: 'Free delivery' } }),
  ];
  const session = sessionRecord({ id: 'walk-1', title: 'Buy a mug', startUrl: `${SHOP}/` });
  return buildJourneyDocument(session, fixture.events, { locale: 'en', annotations }).document;
}

/** A copy of a journey with each step changed by `change` (the formats are written from the document alone). */
export function withSteps(journey: JourneyDocument, change: (step: JourneyStep, index: number) => Partial<JourneyStep>): JourneyDocument {
  const copy = structuredClone(journey);
  copy.steps = copy.steps.map((step, index) => ({ ...step, ...change(step, index) }));
  return copy;
}

/** Text a page or a tester could write that breaks naive writers. */
export const HOSTILE = {
  script: '<script>alert("x")</script>',
  amp: 'Fish & chips &amp; more',
  cdataEnd: 'a ]]> b',
  controls: 'bell\u0007 nul\u0000 esc\u001b vt\u000b',
  unicode: 'Crème brûlée – 日本語 – 🛒 – مرحبا',
  mermaid: 'Step #1: pay; now\nnext line',
};
