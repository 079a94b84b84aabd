import type { Valence } from '@/lib/annotations/types';
import { FACE_FILL as FILL, FACE_MOUTH as MOUTH } from '@/lib/journey/face';

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
