import { useEffect, useState } from 'preact/hooks';
import { readDatabase } from '@/lib/store/reads';
import { explain } from '../../common/errors';
import { type LoadedWalk, loadWalk } from './journeys';

export type WalksState = { status: 'loading'; done: number; total: number } | { status: 'error'; message: string } | { status: 'ready'; walks: LoadedWalk[] };

/** Loads the selected walks one after the other, with progress; leaving the page stops it. */
export function useWalks(ids: readonly string[]): WalksState {
  const [state, setState] = useState<WalksState>({ status: 'loading', done: 0, total: ids.length });
  const key = ids.join(',');
  useEffect(() => {
    let stopped = false;
    (async () => {
      const db = readDatabase();
      const walks: LoadedWalk[] = [];
      for (const id of ids) {
        if (stopped) return;
        walks.push(await loadWalk(db, id));
        if (!stopped) setState({ status: 'loading', done: walks.length, total: ids.length });
      }
      if (!stopped) setState({ status: 'ready', walks });
    })().catch((error) => !stopped && setState({ status: 'error', message: explain(error) }));
    return () => {
      stopped = true;
    };
  }, [key]);
  return state;
}
