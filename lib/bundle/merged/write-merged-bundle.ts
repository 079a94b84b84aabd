import JSZip from 'jszip';
import compareSchema from '../../../docs/compare.schema.json' with { type: 'json' };
import mergedSchema from '../../../docs/merged.schema.json' with { type: 'json' };
import type { Locale } from '../../i18n';
import type { MergedJourney } from '../../journey/merge/types';
import { CHAIN_GENESIS } from '../evidence/event-chain';
import { HashedZip } from '../evidence/hashed-zip';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleManifest, EVENTS_PATH, MANIFEST_PATH, README_PATH } from '../evidence/manifest';
import { bundleReadme } from '../evidence/readme';
import type { MergedBundleInput } from './merge-walks';
import { writeMergedCsv } from './merged-csv';
import { renderMergedHtml } from './merged-html';
import { writeMergedMermaid } from './merged-mermaid';

export const MERGED_PATH = 'merged.json';
export const COMPARE_PATH = 'compare.json';
/** The JSON Schemas (2020-12) merged.json and compare.json validate against, as a walk's bundle carries journey.json's. */
export const MERGED_SCHEMA_PATH = 'schema/merged.schema.json';
export const COMPARE_SCHEMA_PATH = 'schema/compare.schema.json';

/** A walk's own CJML document in a merged bundle: `cjml/walk-01.xml` for the first walk. */
export function walkCjmlPath(walk: number): string {
  return `cjml/walk-${String(walk + 1).padStart(2, '0')}.xml`;
}

export interface MergedProgress {
  phase: 'screenshots' | 'zip';
  done: number;
  total: number;
}

/**
 * Writes a merged bundle: a bundle like any other (manifest.json over every file, README.txt, Verify), whose
 * map is `merged.json` (the aggregate) instead of journey.json, with `compare.json` (each walk compared with the
 * first), their JSON Schemas (`schema/`), the aggregate's index.html, steps.csv and journey.mmd, each walk's own CJML (`cjml/walk-NN.xml`), one
 * representative screenshot per aligned step (`screenshots/step-0001.jpg`…), and an empty events.json: a merge
 * captured nothing itself; each walk's own chain head and journey.json hash are in merged.json's walks.
 * docs/bundle-format.md says why there is no journey.json, cjml.xml, flow.json or map.png.
 *
 * `loadScreenshot(walk, path)` gives a walk's image by its path in that walk's bundle (or null: gone); it is
 * called one image at a time, walk by walk, so a caller reading bundles from disk opens each bundle once.
 */
export async function writeMergedBundle(
  input: MergedBundleInput,
  loadScreenshot: (walk: number, path: string) => Promise<Blob | Uint8Array | null>,
  options: { locale?: Locale; onProgress?: (progress: MergedProgress) => void; signal?: AbortSignal } = {},
): Promise<{ zip: Uint8Array; merged: MergedJourney }> {
  const locale = options.locale ?? 'en';
  const onProgress = options.onProgress ?? (() => undefined);
  const zip = new JSZip();
  const bundle = new HashedZip(zip);
  const out: MergedJourney = structuredClone(input.merged);
  const steps = out.stages.flatMap((stage) => stage.steps);
  const wanted = steps.filter((step) => step.screenshot && step.screenshotOf).sort((a, b) => (a.screenshotOf?.walk ?? 0) - (b.screenshotOf?.walk ?? 0));
  let done = 0;
  for (const step of wanted) {
    options.signal?.throwIfAborted();
    const data = await loadScreenshot(step.screenshotOf?.walk ?? 0, step.screenshot as string);
    if (data) {
      const path = `screenshots/step-${String(step.order).padStart(4, '0')}.jpg`;
      await bundle.add(path, data, false);
      step.screenshot = path;
    } else {
      step.screenshot = null;
      step.screenshotOf = null;
    }
    onProgress({ phase: 'screenshots', done: ++done, total: wanted.length });
  }
  for (const step of steps) if (!wanted.includes(step)) step.screenshot = null;
  await bundle.add(MERGED_PATH, `${JSON.stringify(out, null, 2)}\n`, true);
  await bundle.add(MERGED_SCHEMA_PATH, `${JSON.stringify(mergedSchema, null, 2)}\n`, true);
  await bundle.add(EVENTS_PATH, '[]\n', true);
  await bundle.add(COMPARE_PATH, `${JSON.stringify(input.comparisons, null, 2)}\n`, true);
  await bundle.add(COMPARE_SCHEMA_PATH, `${JSON.stringify(compareSchema, null, 2)}\n`, true);
  await bundle.add('index.html', await renderMergedHtml(out, input.comparisons, locale), true);
  await bundle.add('steps.csv', writeMergedCsv(out, locale), true);
  await bundle.add('journey.mmd', writeMergedMermaid(out, locale), true);
  for (const [walk, xml] of input.walkCjml.entries()) await bundle.add(walkCjmlPath(walk), xml, true);
  const readme = bundleReadme(
    bundle.files.map((file) => file.path),
    {
      title: out.title,
      startedAt: out.walks[0]?.startedAt ?? out.createdAt,
      generatorVersion: out.generator.version,
      createdAt: out.createdAt,
      merged: out.walks.length,
    },
    locale,
  );
  await bundle.add(README_PATH, readme, true);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    generator: { ...out.generator },
    createdAt: out.createdAt,
    files: [...bundle.files],
    eventChain: { file: EVENTS_PATH, algorithm: 'SHA-256', canonicalization: 'RFC 8785', count: 0, head: CHAIN_GENESIS },
  };
  zip.file(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`, { compression: 'DEFLATE' });
  options.signal?.throwIfAborted();
  const bytes = await zip.generateAsync({ type: 'uint8array', mimeType: 'application/zip' }, (metadata) =>
    onProgress({ phase: 'zip', done: Math.round(metadata.percent), total: 100 }),
  );
  return { zip: bytes, merged: out };
}

/** A file name for a merged bundle: `<title>-merged-<n>-walks-<yyyy-mm-dd>.parcours.zip`. */
export function mergedFileName(merged: Pick<MergedJourney, 'title' | 'walks' | 'createdAt'>): string {
  const slug = merged.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase()
    .slice(0, 50)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'journey'}-merged-${merged.walks.length}-walks-${merged.createdAt.slice(0, 10)}.parcours.zip`;
}
