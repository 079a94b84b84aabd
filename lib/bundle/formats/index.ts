import { chainEvents } from '../evidence/event-chain';
import { cjmlXml } from './cjml-xml';
import { flowFormat } from './flow';
import { indexHtml } from './html';
import { journeyMermaid } from './journey-mermaid';
import { journeySchemaJson } from './schema';
import { stepsCsv } from './steps-csv';
import type { BundleFormat } from './types';

const journeyJson: BundleFormat = {
  id: 'journey',
  write: ({ journey }) => [{ path: 'journey.json', data: `${JSON.stringify(journey, null, 2)}\n`, compress: true }],
};

// The raw capture travels with the map: the evidence the map was derived from, each event chained to the one
// before by SHA-256 (lib/bundle/evidence/event-chain.ts).
const eventsJson: BundleFormat = {
  id: 'events',
  write: async ({ events }) => [{ path: 'events.json', data: `${JSON.stringify((await chainEvents(events)).entries)}\n`, compress: true }],
};

/** Every file the bundle holds besides the screenshots, in the order they are written. */
export const BUNDLE_FORMATS: readonly BundleFormat[] = [journeyJson, journeySchemaJson, eventsJson, stepsCsv, journeyMermaid, cjmlXml, flowFormat, indexHtml];

export function bundleFormat(id: string): BundleFormat | undefined {
  return BUNDLE_FORMATS.find((format) => format.id === id);
}
