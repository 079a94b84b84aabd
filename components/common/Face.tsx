import type { Valence } from '@/lib/annotations/types';

/** Mouth curve per valence: a frown at −2, a straight line at 0, a wide smile at +2. */
const MOUTH: Record<Valence, string> = {
  [-2]: 'M7 17 Q12 11 17 17',
  [-1]: 'M7.5 16.5 Q12 13.5 16.5 16.5',
  0: 'M7.5 15.5 L16.5 15.5',
  1: 'M7.5 14.5 Q12 17.5 16.5 14.5',
  2: 'M7 13.5 Q12 20 17 13.5',
};

const FILL: Record<Valence, string> = { [-2]: '#e57373', [-1]: '#ffb74d', 0: '#e0e0e0', 1: '#aed581', 2: '#66bb6a' };

/** An emotion face drawn in SVG (no emoji font needed), decorative: the button around it carries the name. */
export function Face({ valence, size = 24 }: { valence: Valence; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" fill={FILL[valence]} stroke="#37474f" stroke-width="1.2" />
      <circle cx="8.6" cy="9.5" r="1.3" fill="#263238" />
      <circle cx="15.4" cy="9.5" r="1.3" fill="#263238" />
      <path d={MOUTH[valence]} fill="none" stroke="#263238" stroke-width="1.6" stroke-linecap="round" />
    </svg>
  );
}
