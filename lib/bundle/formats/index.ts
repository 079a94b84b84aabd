import { indexHtml } from './html';
import type { BundleFormat } from './types';

const journeyJson: BundleFormat = {
  id: 'journey',
  write: ({ journey }) => [{ path: 'journey.json', data: `${JSON.stringify(journey, null, 2)}\n`, compress: true }],
};

// The raw capture travels with the map: the evidence the map was derived from.
const eventsJson: BundleFormat = {
  id: 'events',
  write: ({ events }) => [{ path: 'events.json', data: `${JSON.stringify(events)}\n`, compress: true }],
};

/** Every file the bundle holds besides the screenshots, in the order they are written. */
export const BUNDLE_FORMATS: readonly BundleFormat[] = [journeyJson, eventsJson, indexHtml];

export function bundleFormat(id: string): BundleFormat | undefined {
  return BUNDLE_FORMATS.find((format) => format.id === id);
}
