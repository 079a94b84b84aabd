import { useEffect, useRef, useState } from 'preact/hooks';
import type { NoteKind, Valence } from '@/lib/annotations/types';
import { NOTE_KINDS, VALENCES } from '@/lib/annotations/types';
import { currentLocale, t } from '@/lib/i18n';
import { emotionLabelText } from '@/lib/i18n/session-locale';
import type { NoteClosed, OverlayState } from '@/lib/messaging/protocol';
import { trustedOnly } from '@/lib/page-recorder/context';
import { Face } from '../common/Face';
import { NOTE_KEYS, VALENCE_KEYS } from '../common/labels';

/** What the overlay can ask of the extension; content.ts wires it to messages (with retries). */
export interface OverlayActions {
  state(): Promise<OverlayState | null>;
  emotion(valence: Valence, label: string | null): Promise<string | null>;
  note(kind: NoteKind, text: string): Promise<string | null>;
  momentOfTruth(): Promise<string | null>;
  stage(stageId: string): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Takes a full-page screenshot for the step tags go to; it reports its progress through `feedback`. */
  fullPage(): void;
  /** The address of the extension page the note of `kind` is typed in (NoteField, framed here). */
  noteUrl(kind: NoteKind): string;
  /** Starts (or stops) choosing an element to hide in every screenshot of this site; reported through `feedback`. */
  alwaysBlur(): void;
}

/** Imperative handles for the page side: shortcuts open the note field, stage switches refresh. */
export interface OverlayHandle {
  openNote(kind: NoteKind): void;
  refresh(): void;
  toggleCollapsed(): void;
  feedback(text: string): void;
  /** The note frame is done (relayed by the background): the field closes and the focus comes back. */
  noteClosed(closed: NoteClosed): void;
  /** Whether the tester is choosing an element to always blur (the button shows it pressed). */
  setPicking(active: boolean): void;
}

interface Position {
  right: number;
  bottom: number;
}

/**
 * The in-page toolbar: emotion faces, quick notes, the current stage, pause/resume. Small, movable by its
 * title bar, collapsible, keyboard-operable, announcing where each tag landed. It lives in a closed shadow
 * root; its handlers act on the browser's own events only (`trustedOnly`). The note is typed in an extension
 * page framed here, out of the page's reach (NoteField).
 */
export function Overlay({
  actions,
  bind,
  initialPosition,
  initialCollapsed,
  onLayout,
}: {
  actions: OverlayActions;
  bind: (handle: OverlayHandle) => void;
  initialPosition: Position;
  initialCollapsed: boolean;
  onLayout: (layout: { position: Position; collapsed: boolean }) => void;
}) {
  const [state, setState] = useState<OverlayState | null>(null);
  const [collapsed, setCollapsed] = useState(initialCollapsed);
  const [position, setPosition] = useState(initialPosition);
  const [noteKind, setNoteKind] = useState<NoteKind | null>(null);
  const [lastValence, setLastValence] = useState<Valence | null>(null);
  const [message, setMessage] = useState('');
  const toolbar = useRef<HTMLElement>(null);
  /** Where the focus was when the note opened: it goes back there when the note closes. */
  const focusBefore = useRef<HTMLElement | null>(null);
  const [picking, setPicking] = useState(false);

  const refresh = () => {
    void actions.state().then(setState, () => undefined);
  };

  const openNote = (kind: NoteKind | null) => {
    if (kind) {
      const root = toolbar.current?.getRootNode() as ShadowRoot | undefined;
      focusBefore.current = (root?.activeElement ?? toolbar.current?.ownerDocument.activeElement ?? null) as HTMLElement | null;
    }
    setNoteKind(kind);
  };

  const noteClosed = ({ noteKind: kind, saved, landed }: NoteClosed) => {
    setNoteKind(null);
    const back = focusBefore.current;
    focusBefore.current = null;
    if (back?.isConnected) back.focus();
    if (saved) report(landed, t(NOTE_KEYS[kind]));
  };

  // The handle is bound once; the latest closure answers.
  const noteClosedRef = useRef(noteClosed);
  noteClosedRef.current = noteClosed;

  useEffect(() => {
    refresh();
    bind({
      openNote: (kind) => {
        setCollapsed(false);
        openNote(kind);
      },
      refresh,
      toggleCollapsed: () => setCollapsed((value) => !value),
      feedback: setMessage,
      noteClosed: (closed) => noteClosedRef.current(closed),
      setPicking,
    });
  }, []);

  useEffect(() => onLayout({ position, collapsed }), [position, collapsed]);

  const report = (landed: string | null, what: string) => {
    setMessage(landed ? t('overlayTaggedOn', { what, step: landed }) : t('overlayTaggedStart', { what }));
    refresh();
  };

  const tagEmotion = async (valence: Valence, label: string | null) => {
    setLastValence(valence);
    const landed = await actions.emotion(valence, label);
    report(landed, label ? `${t(VALENCE_KEYS[valence])} · ${emotionLabelText(label)}` : t(VALENCE_KEYS[valence]));
  };

  const startDrag = (event: PointerEvent) => {
    if ((event.target as Element).closest('button')) return;
    const startX = event.clientX;
    const startY = event.clientY;
    const from = position;
    const bar = event.currentTarget as HTMLElement;
    bar.setPointerCapture(event.pointerId);
    const move = (moveEvent: PointerEvent) => {
      const view = bar.ownerDocument.defaultView;
      const maxRight = (view?.innerWidth ?? 1000) - 60;
      const maxBottom = (view?.innerHeight ?? 800) - 40;
      setPosition({
        right: Math.min(maxRight, Math.max(0, from.right - (moveEvent.clientX - startX))),
        bottom: Math.min(maxBottom, Math.max(0, from.bottom - (moveEvent.clientY - startY))),
      });
    };
    const up = () => {
      bar.removeEventListener('pointermove', move);
      bar.removeEventListener('pointerup', up);
    };
    bar.addEventListener('pointermove', move);
    bar.addEventListener('pointerup', up);
  };

  const recording = state?.status === 'recording';
  return (
    <section
      ref={toolbar}
      // In the tester's language, whatever the page's own is (a screen reader reads it so).
      lang={currentLocale()}
      class={`toolbar${collapsed ? ' collapsed' : ''}`}
      style={{ right: `${position.right}px`, bottom: `${position.bottom}px` }}
      aria-label={t('overlayLabel')}
    >
      <header class="bar" onPointerDown={trustedOnly(startDrag)} title={t('overlayMove')}>
        <span class={`dot ${recording ? 'rec' : 'paused'}`} aria-hidden="true" />
        <strong class="status">{recording ? t('statusRecording') : state?.storageFull ? t('statusStorageFull') : t('statusPaused')}</strong>
        <span class="title">{state?.title}</span>
        <button
          type="button"
          class="icon"
          onClick={trustedOnly(() => setCollapsed(!collapsed))}
          aria-expanded={!collapsed}
          aria-label={collapsed ? t('overlayExpand') : t('overlayCollapse')}
        >
          {collapsed ? '+' : '–'}
        </button>
      </header>
      {!collapsed && state && (
        <div class="body">
          <div class="faces" role="group" aria-label={t('overlayEmotion')}>
            {VALENCES.map((valence, index) => (
              <button
                type="button"
                key={valence}
                class={`face${lastValence === valence ? ' chosen' : ''}`}
                onClick={trustedOnly(() => tagEmotion(valence, null))}
                aria-label={`${t(VALENCE_KEYS[valence])} (Alt+Shift+${index + 1})`}
                title={`${t(VALENCE_KEYS[valence])} (Alt+Shift+${index + 1})`}
              >
                <Face valence={valence} />
              </button>
            ))}
          </div>
          {lastValence !== null && (
            <div class="labels" role="group" aria-label={t('overlayLabels')}>
              {state.emotionLabels.map((label) => (
                <button type="button" key={label} class="chip" onClick={trustedOnly(() => tagEmotion(lastValence, label))}>
                  {emotionLabelText(label)}
                </button>
              ))}
            </div>
          )}
          <div class="notes" role="group" aria-label={t('overlayNotes')}>
            {NOTE_KINDS.map((kind) => (
              <button
                type="button"
                key={kind}
                class={`chip${noteKind === kind ? ' chosen' : ''}`}
                onClick={trustedOnly(() => openNote(noteKind === kind ? null : kind))}
                aria-pressed={noteKind === kind}
              >
                {t(NOTE_KEYS[kind])}
              </button>
            ))}
          </div>
          {noteKind && (
            <iframe
              key={noteKind}
              class="note-frame"
              src={actions.noteUrl(noteKind)}
              title={t('overlayNoteFrame', { kind: t(NOTE_KEYS[noteKind]) })}
              // Once its page is there, the focus moves into it (to the field, which its page focused).
              onLoad={(event) => (event.currentTarget as HTMLIFrameElement).focus()}
            />
          )}
          <div class="row">
            <label class="stage">
              <span>{t('overlayStage')}</span>
              <select
                value={state.currentStageId ?? ''}
                onChange={trustedOnly((event) => {
                  const stageId = (event.currentTarget as HTMLSelectElement).value;
                  void actions.stage(stageId).then(() => {
                    setMessage(t('overlayStageNow', { stage: state.stages.find((stage) => stage.id === stageId)?.name ?? stageId }));
                    refresh();
                  });
                })}
              >
                {state.stages.map((stage) => (
                  <option key={stage.id} value={stage.id}>
                    {stage.name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              class="icon"
              title={t('overlayMoment')}
              aria-label={t('overlayMoment')}
              onClick={trustedOnly(async () => report(await actions.momentOfTruth(), t('momentOfTruth')))}
            >
              ★
            </button>
            <button type="button" title={t('overlayFullPageHint')} onClick={trustedOnly(() => actions.fullPage())}>
              {t('overlayFullPage')}
            </button>
            <button type="button" onClick={trustedOnly(() => void (recording ? actions.pause() : actions.resume()).then(refresh))}>
              {recording ? t('pause') : t('resume')}
            </button>
          </div>
          <div class="row">
            <button type="button" class="picking" title={t('overlayAlwaysBlurHint')} aria-pressed={picking} onClick={trustedOnly(() => actions.alwaysBlur())}>
              {t('overlayAlwaysBlur')}
            </button>
          </div>
          <p class="target">
            {state.target.action ? t(state.selected ? 'overlayTargetSelected' : 'overlayTarget', { step: state.target.action }) : t('overlayTargetStart')}
          </p>
        </div>
      )}
      {state?.storageFull && (
        <p class="storage-full" role="alert">
          {t('storageFullOverlay')}
        </p>
      )}
      <p class="feedback" role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
