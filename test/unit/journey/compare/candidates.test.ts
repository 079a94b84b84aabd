import { describe, expect, it } from 'vitest';
import { type CandidateSession, comparableWalks } from '@/lib/journey/compare/candidates';

function session(id: string, startUrl: string, startedAt: string, status = 'ended'): CandidateSession {
  return { id, title: `Walk ${id}`, startUrl, startedAt, status, persona: { name: '' } };
}

describe('comparableWalks', () => {
  const current = session('me', 'https://shop.test/?utm=1', '2026-11-02T10:00:00.000Z');
  it('offers the other walks starting on the same site, newest first, whatever their path or query', () => {
    const sessions = [
      current,
      session('old', 'https://shop.test/', '2026-10-01T10:00:00.000Z'),
      session('new', 'https://SHOP.test/products?x=2', '2026-11-05T10:00:00.000Z'),
      session('other-site', 'https://other.test/', '2026-11-04T10:00:00.000Z'),
      session('other-port', 'https://shop.test:8443/', '2026-11-04T10:00:00.000Z'),
      session('http', 'http://shop.test/', '2026-11-04T10:00:00.000Z'),
    ];
    expect(comparableWalks(sessions, current).map((walk) => walk.id)).toEqual(['new', 'old']);
  });

  it('leaves out a walk still being recorded or paused, and the walk itself', () => {
    const sessions = [
      current,
      session('recording', 'https://shop.test/', '2026-11-05T10:00:00.000Z', 'recording'),
      session('paused', 'https://shop.test/', '2026-11-05T10:00:00.000Z', 'paused'),
      session('interrupted', 'https://shop.test/', '2026-11-05T10:00:00.000Z', 'interrupted'),
    ];
    expect(comparableWalks(sessions, current).map((walk) => walk.id)).toEqual(['interrupted']);
  });

  it('matches addresses without an origin by the address itself', () => {
    const file = session('f1', 'file:///tmp/shop/index.html', '2026-11-01T10:00:00.000Z');
    const sessions = [
      file,
      session('f2', 'file:///tmp/shop/index.html', '2026-11-01T11:00:00.000Z'),
      session('f3', 'file:///tmp/other.html', '2026-11-01T12:00:00.000Z'),
    ];
    expect(comparableWalks(sessions, file).map((walk) => walk.id)).toEqual(['f2']);
    expect(comparableWalks([], file)).toEqual([]);
  });
});
