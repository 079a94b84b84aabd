import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** Subscribes to a Dexie live query: the view follows the database, also when another context writes. */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  // The caller lists the query's inputs in `deps`.
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({ next: setValue, error: (error) => console.error('[parcours] live query failed', error) });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
