import journeySchema from '../../../docs/journey.schema.json' with { type: 'json' };
import type { BundleFormat } from './types';

/** The JSON Schema (2020-12) every exported journey.json validates against, so a team checks a map with its own tools. */
export const journeySchemaJson: BundleFormat = {
  id: 'schema',
  write: () => [{ path: 'schema/journey.schema.json', data: `${JSON.stringify(journeySchema, null, 2)}\n`, compress: true }],
};
