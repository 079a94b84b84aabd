import { mergeJourneys } from '@/lib/journey/merge/merge';
import { walk } from '../../journey/merge/walks';

/** Two walks of the cart with hostile names (Mermaid's and CSV's special characters), merged. */
export const CART = 'https://shop.test/cart';
export function merged() {
  return mergeJourneys(
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
