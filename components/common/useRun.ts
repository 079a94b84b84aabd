import { useState } from 'preact/hooks';
import { explain } from './errors';

/** Runs one of the tester's actions; answers whether it succeeded. */
export type Run = (action: () => Promise<unknown>) => Promise<boolean>;

/** A view's actions and the message of the last one that failed, in the tester's language (null once one succeeds or starts). */
export function useRun(): { error: string | null; run: Run } {
  const [error, setError] = useState<string | null>(null);
  const run: Run = async (action) => {
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(explain(failure));
      return false;
    }
  };
  return { error, run };
}
