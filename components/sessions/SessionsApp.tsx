import { useEffect, useState } from 'preact/hooks';
import { MapView } from '../review/MapView';
import { StepView } from '../review/StepView';
// Merge and compare (issue 12, points 4 and 5): their own routes and components.
import { CompareView } from './merge/CompareView';
import { idsOf } from './merge/journeys';
import { MergeView } from './merge/MergeView';
import { SessionsList } from './SessionsList';

type Route =
  | { view: 'list' }
  | { view: 'map'; sessionId: string }
  | { view: 'step'; sessionId: string; stepId: string }
  | { view: 'merge' | 'compare'; sessionIds: string[] };

function route(): Route {
  const step = /^#\/session\/([^/]+)\/step\/([^/]+)$/.exec(location.hash);
  if (step?.[1] && step[2]) return { view: 'step', sessionId: decodeURIComponent(step[1]), stepId: decodeURIComponent(step[2]) };
  const map = /^#\/session\/([^/]+)$/.exec(location.hash);
  if (map?.[1]) return { view: 'map', sessionId: decodeURIComponent(map[1]) };
  // Merge and compare: `#/merge/<id>,<id>,…` and `#/compare/<a>,<b>`.
  const several = /^#\/(merge|compare)\/([^/]+)$/.exec(location.hash);
  if (several?.[2]) return { view: several[1] as 'merge' | 'compare', sessionIds: idsOf(several[2]) };
  return { view: 'list' };
}

/** The review page: the sessions, one walk's map, or one step, by the address hash (so links and Back work). */
export function SessionsApp() {
  const [current, setCurrent] = useState(route);
  useEffect(() => {
    const onHash = () => {
      setCurrent(route());
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (current.view === 'step') return <StepView sessionId={current.sessionId} stepId={current.stepId} />;
  if (current.view === 'map') return <MapView sessionId={current.sessionId} />;
  if (current.view === 'merge') return <MergeView key={current.sessionIds.join(',')} ids={current.sessionIds} />;
  if (current.view === 'compare') return <CompareView key={current.sessionIds.join(',')} ids={current.sessionIds} />;
  return <SessionsList />;
}
