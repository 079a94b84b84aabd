// Names a position of a built script (0-based line and column, as a CPU profile gives them) by the source it
// came from, through the build's source map (`<file>.map` beside it), e.g. "lib/page-recorder/clicks.ts:120".
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { ROOT } from './browser.mjs';

const consumers = new Map();

function consumerFor(file) {
  if (!consumers.has(file)) {
    const map = `${file}.map`;
    consumers.set(file, existsSync(map) ? new SourceMapConsumer(JSON.parse(readFileSync(map, 'utf8'))) : null);
  }
  return consumers.get(file);
}

/** `{ source, line, name }` of a built position (source relative to the repository), or null without a map. */
export function originalPosition(file, line, column) {
  const consumer = consumerFor(file);
  if (!consumer) return null;
  const found = consumer.originalPositionFor({ line: line + 1, column, bias: SourceMapConsumer.LEAST_UPPER_BOUND });
  if (!found.source) return null;
  const absolute = path.resolve(path.dirname(file), found.source);
  return { source: path.relative(ROOT, absolute), line: found.line, name: found.name };
}
