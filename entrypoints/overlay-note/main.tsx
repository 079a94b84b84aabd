import { renderLocalized } from '@/components/common/render-localized';
import { NoteField } from '@/components/overlay/NoteField';
import '@/components/overlay/overlay.css';
import { NOTE_KINDS, type NoteKind } from '@/lib/annotations/types';
import { sendToBackground } from '@/lib/messaging/client';
import type { NoteClosed } from '@/lib/messaging/protocol';
import { backgroundSessionActions } from '@/lib/overlay/background-actions';
import { withRetry } from '@/lib/page-recorder/retry';

// The overlay's note field, framed by the overlay inside the recorded tab: an extension page, so the page
// neither reads nor hears what is typed here. It talks to the background as every extension page does.
const kind = new URLSearchParams(location.search).get('kind') as NoteKind;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const actions = backgroundSessionActions(() => false, sleep);
const author = actions.state();
const closed = (outcome: Omit<NoteClosed, 'noteKind'>) =>
  withRetry(() => sendToBackground('overlay/note-closed', { noteKind: kind, ...outcome }), { sleep, isDead: () => false });

if (NOTE_KINDS.includes(kind))
  void renderLocalized(
    () => (
      <NoteField
        kind={kind}
        save={async (text) => {
          await author;
          const landed = await actions.note(kind, text);
          await closed({ saved: true, landed });
        }}
        cancel={() => void closed({ saved: false, landed: null })}
      />
    ),
    document.getElementById('app') as HTMLElement,
  );
