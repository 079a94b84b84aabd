import type { CapturedEvent } from '../../capture/events';
import type { Locale } from '../../i18n';
import type { JourneyDocument } from '../journey-document';
import { chainEvents } from './event-chain';
import type { HashedZip } from './hashed-zip';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleManifest, EVENTS_PATH, MANIFEST_PATH, README_PATH } from './manifest';
import { bundleReadme } from './readme';

/**
 * Ends a bundle once every other file is in: README.txt, then manifest.json over all of them (README
 * included; the manifest cannot hash itself), as the zip's last entry.
 */
export async function sealBundle(
  bundle: HashedZip,
  context: { journey: JourneyDocument; events: readonly CapturedEvent[]; locale?: Locale; createdAt?: string },
): Promise<BundleManifest> {
  const createdAt = context.createdAt ?? new Date().toISOString();
  const { journey } = context;
  const readme = bundleReadme(
    bundle.files.map((file) => file.path),
    { title: journey.session.title, startedAt: journey.session.startedAt, generatorVersion: journey.generator.version, createdAt },
    context.locale,
  );
  await bundle.add(README_PATH, readme, true);
  const chain = await chainEvents(context.events);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    generator: { ...journey.generator },
    createdAt,
    files: [...bundle.files],
    eventChain: { file: EVENTS_PATH, algorithm: 'SHA-256', canonicalization: 'RFC 8785', count: chain.entries.length, head: chain.head },
  };
  bundle.zip.file(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`, { compression: 'DEFLATE' });
  return manifest;
}
