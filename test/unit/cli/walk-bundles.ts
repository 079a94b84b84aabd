/** Real bundles of the recorded demo walk, as different testers would export them: own session id, persona, emotions and pain points. */
import { writeBundle } from '@/lib/bundle/write-bundle';
import type { CapturedEvent } from '@/lib/capture/events';
import type { AnnotationRecord } from '@/lib/store/records';
import { fakeJpeg } from '../bundle/demo-bundle';
import { sessionRecord } from '../fixtures/events';
import { demoEvents } from '../journey/journey-fixtures';

export async function walkBundle(id: string, options: { valences: number[]; pain?: string; persona?: string; startUrl?: string; clicks?: number }) {
  const events = demoEvents().map((event) => ({ ...event, sessionId: id })) as CapturedEvent[];
  const start = events[0] as CapturedEvent;
  const clicks = events.filter((event) => event.kind === 'click').slice(0, options.clicks);
  const kept = options.clicks == null ? events : events.filter((event) => event.kind !== 'click' || clicks.includes(event));
  const annotations: AnnotationRecord[] = clicks.flatMap((click, index): AnnotationRecord[] => {
    const valence = options.valences[index % options.valences.length] as -2 | -1 | 0 | 1 | 2;
    const base = { sessionId: id, eventId: click.id, t: click.t, at: click.at, author: 'tester' as const, updatedAt: null, removed: false };
    const emotion: AnnotationRecord = { ...base, id: `${id}-e${index}`, kind: 'emotion', data: { valence, label: null } };
    const pain: AnnotationRecord[] =
      options.pain && index === 1 ? [{ ...base, id: `${id}-p${index}`, kind: 'note', data: { noteKind: 'pain', text: options.pain } }] : [];
    return [emotion, ...pain];
  });
  const session = sessionRecord({
    id,
    title: `Demo purchase ${id}`,
    startedAt: start.at,
    startEpochMs: Date.parse(start.at) - start.t,
    startUrl: options.startUrl ?? start.url ?? '',
    persona: { name: options.persona ?? `Shopper ${id}`, description: '' },
  });
  const { zip, journey } = await writeBundle({
    session,
    events: kept,
    annotations,
    locale: 'en',
    loadScreenshot: async (screenshotId) => new Blob([fakeJpeg(`${id}-${screenshotId}`) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
  });
  return { bytes: new Uint8Array(await zip.arrayBuffer()), journey };
}
