import { renderMapHtml } from '../html/render';
import type { BundleFormat } from './types';

/**
 * `index.html`: the map standalone, opened by double-click with nothing fetched and nothing run. Its
 * screenshots are the bundle's own files (`screenshots/…`, relative): they show once the zip is unzipped.
 */
export const indexHtml: BundleFormat = {
  id: 'html',
  write: async ({ journey }) => [{ path: 'index.html', data: await renderMapHtml(journey), compress: true }],
};
