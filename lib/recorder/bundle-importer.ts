import { type CheckProgress, checkBundle, ImportRefusal } from '../bundle/import/check-bundle';
import { rebuildWalk } from '../bundle/import/rebuild-walk';
import { isoAt } from '../capture/clock';
import type { ImportOutcome, ImportPortReply } from '../messaging/protocol';
import type { ParcoursDatabase } from '../store/db';
import { storeImportedWalk, WalkExistsError } from '../store/import-walk';

export interface ImporterPorts {
  now(): number;
  randomId(): string;
  /** The bytes of the file the page handed (an object URL of the same extension origin). */
  fetchBytes(url: string, signal: AbortSignal): Promise<Uint8Array>;
}

/**
 * The background's side of an import (the one writer stores it): fetch the file, check it all (check-bundle.ts),
 * rebuild the walk, store it in one transaction. Cancelled before the transaction, nothing is stored; once it has
 * begun, it commits or rolls back whole.
 */
export class BundleImporter {
  constructor(
    private readonly db: ParcoursDatabase,
    private readonly ports: ImporterPorts,
  ) {}

  async run(request: { url: string; fileName: string }, report: (reply: ImportPortReply) => void, signal: AbortSignal): Promise<ImportOutcome> {
    try {
      report({ type: 'progress', phase: 'read', done: 0, total: 1 });
      const bytes = await this.ports.fetchBytes(request.url, signal);
      const checked = await checkBundle(bytes, {
        signal,
        onProgress: ({ done, total }: CheckProgress) => report({ type: 'progress', phase: 'check', done, total }),
      });
      if (signal.aborted) throw new ImportRefusal({ code: 'cancelled' });
      const walk = rebuildWalk(checked, {
        sessionId: checked.journey.session.id,
        fileName: request.fileName.slice(0, 500),
        importedAt: isoAt(this.ports.now()),
        randomId: this.ports.randomId,
      });
      report({ type: 'progress', phase: 'store', done: 0, total: 1 });
      if (signal.aborted) throw new ImportRefusal({ code: 'cancelled' });
      await storeImportedWalk(this.db, walk);
      report({ type: 'progress', phase: 'store', done: 1, total: 1 });
      return { ok: true, sessionId: walk.session.id, title: walk.session.title };
    } catch (error) {
      if (error instanceof ImportRefusal) return { ok: false, problem: error.problem };
      if (error instanceof WalkExistsError) return { ok: false, problem: { code: 'exists', title: error.title } };
      if (signal.aborted) return { ok: false, problem: { code: 'cancelled' } };
      return { ok: false, problem: { code: 'failed', detail: error instanceof Error ? error.message : String(error) } };
    }
  }
}
