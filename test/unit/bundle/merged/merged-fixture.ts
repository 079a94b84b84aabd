import { mergeWalks } from '@/lib/bundle/merged/merge-walks';
import { walk } from '../../journey/merge/walks';

/** Two walks of the cart with hostile names (Mermaid's and CSV's special characters), merged. */
export const CART = 'https://shop.test/cart';
/** What the merged bundle is written from: the aggregate, the comparisons with the first walk, each walk's CJML. */
export function mergedInput() {
  return mergeWalks(
    [
      walk(
        'a',
        [
          { stage: null, kind: 'navigate' },
          { stage: 'purchase', url: CART, name: 'Pay: now; #1', valence: -2, pain: ['=HYPERLINK("x")'] },
        ],
        { persona: 'Ana' },
      ),
      walk(
        'b',
        [
          { stage: 'purchase', url: CART, name: 'Pay: now; #1', valence: 1, shot: false },
          { stage: 'purchase', url: CART, name: 'Help' },
        ],
        { persona: 'Ben, Jr' },
      ),
    ],
    { title: 'Buy: a mug', createdAt: '2026-12-01T10:00:00.000Z' },
  );
}

export function merged() {
  return mergedInput().merged;
}
