import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDuration } from '@/lib/format';
import { type MessageKey, t } from '@/lib/i18n';
import type { JourneyMap, MapStep } from '@/lib/journey/map-types';
import { Thumbnail } from '../common/Thumbnail';
import { EmotionCurve } from './EmotionCurve';
import { SignalChip } from './SignalChip';

export const COLUMN_WIDTH = 190;
/** The drag payload of a step column dragged onto a stage band. */
const STEP_DRAG_TYPE = 'application/x-parcours-step';
/** Columns drawn beyond each edge of the visible area, so a fast scroll never shows blanks. */
const BUFFER = 4;

interface Lane {
  key: string;
  label: MessageKey;
  height?: number;
  cell?: (step: MapStep) => ComponentChildren;
}

function list(items: string[]) {
  return items.length ? (
    <ul>
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ul>
  ) : null;
}

/**
 * The journey map as practitioners draw it: stages across the top, then one row per lane. Only the
 * columns in view (plus a few) are rendered, so a walk of thousands of steps scrolls smoothly.
 */
export function JourneyGrid({
  map,
  sessionId,
  onDecide,
  onMoveToStage,
}: {
  map: JourneyMap;
  sessionId: string;
  onDecide: (signalId: string, decision: 'accepted' | 'dismissed' | null) => void;
  /** A step dropped on a stage band (the step view's stage list does the same from the keyboard). */
  onMoveToStage: (stepId: string, stageId: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [dropStage, setDropStage] = useState<string | null>(null);
  const [view, setView] = useState({ left: 0, width: 1200 });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const update = () => setView({ left: element.scrollLeft, width: element.clientWidth });
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    // Printing shows the whole map: every column is drawn for the print, then windowing resumes.
    const printAll = () => setView({ left: 0, width: Number.MAX_SAFE_INTEGER / 4 });
    window.addEventListener('beforeprint', printAll);
    window.addEventListener('afterprint', update);
    return () => {
      element.removeEventListener('scroll', update);
      observer.disconnect();
      window.removeEventListener('beforeprint', printAll);
      window.removeEventListener('afterprint', update);
    };
  }, []);
  const steps = map.steps.filter((step) => !step.hidden);
  const indexed = steps.map((step, index) => ({ ...step, index }));
  const first = Math.max(0, Math.floor(view.left / COLUMN_WIDTH) - BUFFER);
  const last = Math.min(indexed.length, Math.ceil((view.left + view.width) / COLUMN_WIDTH) + BUFFER);
  const visible = indexed.slice(first, last);
  const offset = first * COLUMN_WIDTH;
  const stageName = (id: string | null) => map.stages.find((stage) => stage.id === id)?.name ?? '';

  const lanes: Lane[] = [
    {
      key: 'screenshot',
      label: 'laneScreenshot',
      height: 118,
      cell: (step) => (
        <a href={`#/session/${encodeURIComponent(sessionId)}/step/${encodeURIComponent(step.id)}`} aria-label={t('openStep', { n: step.index + 1 })}>
          <Thumbnail screenshotId={step.screenshotId} point={step.point} />
        </a>
      ),
    },
    {
      key: 'action',
      label: 'laneAction',
      cell: (step) => (
        <a
          href={`#/session/${encodeURIComponent(sessionId)}/step/${encodeURIComponent(step.id)}`}
          draggable
          title={t('dragToStage')}
          onDragStart={(event) => {
            event.dataTransfer?.setData(STEP_DRAG_TYPE, step.id);
            if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
          }}
        >
          <strong>
            {step.index + 1}. {step.action}
          </strong>
          {step.momentOfTruth && <span class="mot"> ★</span>}
        </a>
      ),
    },
    { key: 'touchpoint', label: 'laneTouchpoint', cell: (step) => step.touchpoint.page ?? step.touchpoint.site },
    { key: 'thoughts', label: 'laneThoughts', cell: (step) => list(step.thoughts) },
    { key: 'emotion', label: 'laneEmotion', height: 110 },
    {
      key: 'pain',
      label: 'lanePain',
      height: 120,
      cell: (step) => (
        <>
          {list(step.painPoints)}
          {step.signals.map((signal) => (
            <SignalChip key={signal.id} signal={signal} onDecide={onDecide} />
          ))}
        </>
      ),
    },
    { key: 'opportunities', label: 'laneOpportunities', cell: (step) => list(step.opportunities) },
    { key: 'expectations', label: 'laneExpectations', cell: (step) => list(step.expectations) },
    {
      key: 'metrics',
      label: 'laneMetrics',
      cell: (step) => (
        <span class="meta">
          {formatDuration(step.durationMs)}
          {step.timeToFirstActionMs != null ? ` · ${t('firstAction', { time: formatDuration(step.timeToFirstActionMs) })}` : ''}
        </span>
      ),
    },
  ];

  // Stage bands of the visible window: runs of consecutive steps in the same stage.
  const bands: { stageId: string | null; from: number; to: number }[] = [];
  for (const step of visible) {
    const band = bands[bands.length - 1];
    if (band && band.stageId === step.stageId && band.to === step.index - 1) band.to = step.index;
    else bands.push({ stageId: step.stageId, from: step.index, to: step.index });
  }

  return (
    <div class="journey" role="region" aria-label={t('mapHeading')}>
      <div class="lane-heads" aria-hidden="true">
        <div class="lane-head stage-head">{t('laneStage')}</div>
        {lanes.map((lane) => (
          <div key={lane.key} class="lane-head" style={{ height: `${lane.height ?? 72}px` }}>
            {t(lane.label)}
          </div>
        ))}
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable to scroll it with the keyboard. */}
      <section class="scroller" ref={scroller} tabIndex={0} aria-label={t('mapScroll', { count: steps.length })}>
        <div class="canvas" style={{ width: `${indexed.length * COLUMN_WIDTH}px` }}>
          <div class="lane-row stage-row" style={{ transform: `translateX(${offset}px)` }}>
            {bands.map((band) => {
              const stageId = band.stageId;
              const dragged = (event: DragEvent) => stageId != null && (event.dataTransfer?.types ?? []).includes(STEP_DRAG_TYPE);
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for the mouse; the step view's stage list is the keyboard way.
                <div
                  key={`${stageId}-${band.from}`}
                  class={`stage-band${dropStage != null && dropStage === `${stageId}-${band.from}` ? ' drop-target' : ''}`}
                  style={{ width: `${(band.to - band.from + 1) * COLUMN_WIDTH}px` }}
                  onDragOver={(event) => {
                    if (!dragged(event)) return;
                    event.preventDefault();
                    setDropStage(`${stageId}-${band.from}`);
                  }}
                  onDragLeave={() => setDropStage(null)}
                  onDrop={(event) => {
                    setDropStage(null);
                    const stepId = event.dataTransfer?.getData(STEP_DRAG_TYPE);
                    if (!stepId || stageId == null) return;
                    event.preventDefault();
                    if (map.steps.find((step) => step.id === stepId)?.stageId === stageId) return;
                    onMoveToStage(stepId, stageId);
                  }}
                >
                  {stageName(stageId)}
                </div>
              );
            })}
          </div>
          {lanes.map((lane) =>
            lane.key === 'emotion' ? (
              <div key={lane.key} class="lane-row" style={{ height: `${lane.height}px`, transform: `translateX(${offset}px)` }}>
                <EmotionCurve steps={visible} first={first} columnWidth={COLUMN_WIDTH} height={lane.height ?? 110} />
              </div>
            ) : (
              <div key={lane.key} class={`lane-row lane-${lane.key}`} style={{ height: `${lane.height ?? 72}px`, transform: `translateX(${offset}px)` }}>
                {visible.map((step) => (
                  <div key={step.id} class="cell" data-step-index={step.index}>
                    {lane.cell?.(step)}
                  </div>
                ))}
              </div>
            ),
          )}
        </div>
      </section>
    </div>
  );
}
