import { useEffect, useState } from 'preact/hooks';
import { SessionDetail } from './SessionDetail';
import { SessionsList } from './SessionsList';

function route(): { sessionId: string | null } {
  const match = /^#\/session\/([^/]+)$/.exec(location.hash);
  return { sessionId: match?.[1] ? decodeURIComponent(match[1]) : null };
}

/** The sessions page: the list, or one session when the hash names it (so links and Back work). */
export function SessionsApp() {
  const [current, setCurrent] = useState(route);
  useEffect(() => {
    const onHash = () => setCurrent(route());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return current.sessionId ? <SessionDetail sessionId={current.sessionId} /> : <SessionsList />;
}
