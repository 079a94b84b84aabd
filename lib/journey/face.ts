import type { Valence } from '../annotations/types';

/** Mouth curve per valence: a frown at −2, a straight line at 0, a wide smile at +2 (in a 24×24 box). */
export const FACE_MOUTH: Record<Valence, string> = {
  [-2]: 'M7 17 Q12 11 17 17',
  [-1]: 'M7.5 16.5 Q12 13.5 16.5 16.5',
  0: 'M7.5 15.5 L16.5 15.5',
  1: 'M7.5 14.5 Q12 17.5 16.5 14.5',
  2: 'M7 13.5 Q12 20 17 13.5',
};

/** Face colour per valence: the review page's faces and the standalone map's are the same. */
export const FACE_FILL: Record<Valence, string> = { [-2]: '#e57373', [-1]: '#ffb74d', 0: '#e0e0e0', 1: '#aed581', 2: '#66bb6a' };
