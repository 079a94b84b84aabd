import type { ImportedWalk } from '../bundle/import/rebuild-walk';
import type { ParcoursDatabase } from './db';

export class WalkExistsError extends Error {
  constructor(readonly title: string) {
    super(`The walk is stored already: ${title}`);
  }
}

/**
 * Stores an imported walk in one transaction: its session, raw events, screenshots and tester layer, or
 * nothing (a failure anywhere, a key already taken included, rolls every table back). A walk whose id is
 * stored already is refused: event and screenshot ids are keys of their own tables, so the same walk twice
 * would collide, and a second copy of one walk would be the same evidence twice.
 */
export async function storeImportedWalk(db: ParcoursDatabase, walk: ImportedWalk): Promise<void> {
  await db.transaction('rw', [db.sessions, db.events, db.screenshots, db.annotations, db.answers, db.edits], async () => {
    const existing = await db.sessions.get(walk.session.id);
    if (existing) throw new WalkExistsError(existing.title);
    await db.sessions.add(walk.session);
    await db.events.bulkAdd(walk.events);
    await db.screenshots.bulkAdd(walk.screenshots);
    await db.annotations.bulkAdd(walk.annotations);
    await db.answers.bulkAdd(walk.answers);
    await db.edits.bulkAdd(walk.edits);
  });
}
