import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StageScore } from '@/lib/annotations/checklist';
import { formatDuration } from '@/lib/format';
import { type Locale, type MessageKey, t } from '@/lib/i18n';
import type { JourneyMap, MapStep } from '@/lib/journey/map-types';
import { missingScreenshotText } from '../common/labels';
import { Thumbnail } from '../common/Thumbnail';
import { STEP_DRAG_TYPE } from './drag';
import { EmotionCurve } from './EmotionCurve';
import { SignalChip } from './SignalChip';
import { StageOverview } from './StageOverview';

export const COLUMN_WIDTH = 190;
/** Columns drawn beyond each edge of the visible area, so a fast scroll never shows blanks. */
const BUFFER = 4;
/** Columns on each printed page (landscape); every page repeats the lane names. */
export const PRINT_COLUMNS = 6;

/** A step as the grid draws it: with its number on the map. */
type Column = MapStep & { number: number };

interface Lane {
  key: string;
  label: MessageKey;
  height?: number;
  cell?: (step: Column) => ComponentChildren;
}

interface GridProps {
  map: JourneyMap;
  sessionId: string;
  /** Checklist scores per stage, shown with each stage. */
  scores: readonly StageScore[];
  onDecide: (signalId: string, decision: 'accepted' | 'dismissed' | null) => void;
  /** A step dropped on a stage (the step view's stage list does the same from the keyboard). */
  onMoveToStage: (stepId: string, stageId: string) => void;
  /** Drawn for print: every column, in pages, with every screenshot loaded. */
  printing?: boolean;
  /** While printing: screenshots ready out of those to load; `done` once all are, so the print can start. */
  onPrintProgress?: (progress: { ready: number; total: number; done: boolean }) => void;
  /** The map's language (the walk's): its emotion labels are in it. */
  locale?: Locale;
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

function lanesOf(sessionId: string, onDecide: GridProps['onDecide'], eager: boolean): Lane[] {
  const stepLink = (step: Column) => `#/session/${encodeURIComponent(sessionId)}/step/${encodeURIComponent(step.id)}`;
  return [
    {
      key: 'screenshot',
      label: 'laneScreenshot',
      height: 118,
      cell: (step) => (
        <a href={stepLink(step)} aria-label={t('openStep', { n: step.number })}>
          {step.screenshotId ? (
            <Thumbnail screenshotId={step.screenshotId} point={step.point} devicePixelRatio={step.devicePixelRatio} eager={eager} />
          ) : (
            <span class="no-shot meta">{missingScreenshotText(step.screenshotMissing)}</span>
          )}
        </a>
      ),
    },
    {
      key: 'action',
      label: 'laneAction',
      cell: (step) => (
        <a
          href={stepLink(step)}
          draggable
          title={t('dragToStage')}
          onDragStart={(event) => {
            event.dataTransfer?.setData(STEP_DRAG_TYPE, step.id);
            if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
          }}
        >
          <strong>
            {step.number}. {step.action}
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
}

function LaneHeads({ lanes }: { lanes: Lane[] }) {
  return (
    <div class="lane-heads" aria-hidden="true">
      <div class="lane-head stage-head">{t('laneStage')}</div>
      {lanes.map((lane) => (
        <div key={lane.key} class="lane-head" style={{ height: `${lane.height ?? 72}px` }}>
          {t(lane.label)}
        </div>
      ))}
    </div>
  );
}

/**
 * A run of consecutive columns: the stage bands over them, then one row per lane. Each row is a group named
 * by its lane, so a screen reader says which lane a cell is in (the lane names at the left are decoration).
 */
function Columns({
  map,
  columns,
  lanes,
  onMoveToStage,
  locale,
}: {
  map: JourneyMap;
  columns: Column[];
  lanes: Lane[];
  onMoveToStage: GridProps['onMoveToStage'];
  locale?: Locale;
}) {
  const [dropBand, setDropBand] = useState<string | null>(null);
  const stageName = (id: string | null) => map.stages.find((stage) => stage.id === id)?.name ?? '';
  // Stage bands: runs of consecutive steps in the same stage.
  const bands: { stageId: string | null; from: number; to: number }[] = [];
  for (const column of columns) {
    const band = bands[bands.length - 1];
    if (band && band.stageId === column.stageId && band.to === column.number - 1) band.to = column.number;
    else bands.push({ stageId: column.stageId, from: column.number, to: column.number });
  }
  return (
    <>
      <div class="lane-row stage-row" role="group" aria-label={t('laneStage')}>
        {bands.map((band) => {
          const key = `${band.stageId}-${band.from}`;
          const stageId = band.stageId;
          const carries = (event: DragEvent) => stageId != null && (event.dataTransfer?.types ?? []).includes(STEP_DRAG_TYPE);
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for the mouse; the step view's stage list is the keyboard way.
            <div
              key={key}
              class={`stage-band${dropBand === key ? ' drop-target' : ''}`}
              style={{ width: `${(band.to - band.from + 1) * COLUMN_WIDTH}px` }}
              onDragOver={(event) => {
                if (!carries(event)) return;
                event.preventDefault();
                setDropBand(key);
              }}
              onDragLeave={() => setDropBand(null)}
              onDrop={(event) => {
                setDropBand(null);
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
          <div key={lane.key} class="lane-row" style={{ height: `${lane.height}px` }}>
            <EmotionCurve steps={columns} columnWidth={COLUMN_WIDTH} height={lane.height ?? 110} locale={locale} />
          </div>
        ) : (
          <div key={lane.key} class={`lane-row lane-${lane.key}`} role="group" aria-label={t(lane.label)} style={{ height: `${lane.height ?? 72}px` }}>
            {columns.map((column) => (
              <div key={column.id} class="cell" data-step-index={column.number - 1} data-step-id={column.id}>
                {lane.cell?.(column)}
              </div>
            ))}
          </div>
        ),
      )}
    </>
  );
}

/** Waits, while printing, until every thumbnail in `root` has its image (or has none), then for their decoding. */
function usePrintReadiness(root: { current: HTMLElement | null }, printing: boolean, onProgress: GridProps['onPrintProgress']) {
  useEffect(() => {
    if (!printing || !onProgress) return;
    let stopped = false;
    const check = async () => {
      if (stopped || !root.current) return;
      const thumbs = [...root.current.querySelectorAll<HTMLElement>('.thumb')];
      const pending = thumbs.filter((thumb) => thumb.dataset.state === 'idle' || thumb.dataset.state === 'loading').length;
      const total = thumbs.filter((thumb) => thumb.dataset.state !== 'none').length;
      onProgress({ ready: total - pending, total, done: false });
      if (pending > 0) {
        setTimeout(() => void check(), 100);
        return;
      }
      // A broken image must not hold the print back.
      await Promise.all([...root.current.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)));
      if (!stopped) onProgress({ ready: total, total, done: true });
    };
    void check();
    return () => {
      stopped = true;
    };
  }, [printing]);
}

/**
 * The journey map as practitioners draw it: stages across the top, then one row per lane. On screen only the
 * columns in view (plus a few) are drawn, so a walk of thousands of steps scrolls smoothly; for print, every
 * column is drawn in pages of PRINT_COLUMNS, each with its lane names, and every screenshot is loaded first.
 */
export function JourneyGrid({ map, sessionId, scores, onDecide, onMoveToStage, printing = false, onPrintProgress, locale }: GridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const printRoot = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ left: 0, width: 1200 });
  const [focusStep, setFocusStep] = useState<string | null>(null);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const update = () => setView({ left: element.scrollLeft, width: element.clientWidth });
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [printing]);
  usePrintReadiness(printRoot, printing, onPrintProgress);
  // A stage chosen in the overview: its first step is scrolled into view, then given the focus.
  useEffect(() => {
    if (!focusStep) return;
    scroller.current?.querySelector<HTMLElement>(`.lane-action [data-step-id="${CSS.escape(focusStep)}"] a`)?.focus({ preventScroll: true });
    setFocusStep(null);
  }, [focusStep, view]);

  // Numbered once per map, not on every scroll (the window moves with each scroll event).
  const columns: Column[] = useMemo(() => map.steps.filter((step) => !step.hidden).map((step, index) => ({ ...step, number: index + 1 })), [map]);
  const lanes = lanesOf(sessionId, onDecide, printing);
  const jump = (stepId: string) => {
    const position = columns.findIndex((column) => column.id === stepId);
    if (position < 0 || !scroller.current) return;
    scroller.current.scrollLeft = position * COLUMN_WIDTH;
    setView({ left: scroller.current.scrollLeft, width: scroller.current.clientWidth });
    setFocusStep(stepId);
  };

  if (printing) {
    const pages: Column[][] = [];
    for (let i = 0; i < columns.length; i += PRINT_COLUMNS) pages.push(columns.slice(i, i + PRINT_COLUMNS));
    return (
      <div class="journey-print" ref={printRoot} role="region" aria-label={t('mapHeading')}>
        {pages.map((page) => (
          <div key={page[0]?.id} class="journey print-page">
            <LaneHeads lanes={lanes} />
            <div class="columns">
              <Columns map={map} columns={page} lanes={lanes} onMoveToStage={onMoveToStage} locale={locale} />
            </div>
          </div>
        ))}
      </div>
    );
  }

  const first = Math.max(0, Math.floor(view.left / COLUMN_WIDTH) - BUFFER);
  const last = Math.min(columns.length, Math.ceil((view.left + view.width) / COLUMN_WIDTH) + BUFFER);
  return (
    <>
      <StageOverview map={map} scores={scores} onJump={jump} onMoveToStage={onMoveToStage} />
      <div class="journey" role="region" aria-label={t('mapHeading')}>
        <LaneHeads lanes={lanes} />
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable to scroll it with the keyboard. */}
        <section class="scroller" ref={scroller} tabIndex={0} aria-label={t('mapScroll', { count: columns.length })}>
          <div class="canvas" style={{ width: `${columns.length * COLUMN_WIDTH}px` }}>
            <div class="columns" style={{ transform: `translateX(${first * COLUMN_WIDTH}px)` }}>
              <Columns map={map} columns={columns.slice(first, last)} lanes={lanes} onMoveToStage={onMoveToStage} locale={locale} />
            </div>
          </div>
        </section>
      </div>
    </>
  );
}
