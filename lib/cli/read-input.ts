import { type Locale, t } from '../i18n';
import type { CliIo } from './io';

/** Reads the bundle a command was given, or says plainly why it cannot (no such file, a folder, no access). */
export async function readInput(io: CliIo, path: string, locale: Locale): Promise<Uint8Array | string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return t('cli.noSuchFile', { path }, locale);
    if (code === 'EISDIR') return t('cli.isDirectory', { path }, locale);
    if (code === 'EACCES' || code === 'EPERM') return t('cli.noAccess', { path }, locale);
    return t('cli.cannotRead', { path, message: (error as Error).message }, locale);
  }
}

/** Progress on stderr: one line rewritten on a terminal, a line every second or so otherwise. */
export function progressReporter(io: CliIo, label: (done: number, total: number) => string): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    const finished = done === total;
    if (!finished && now - last < (io.interactive ? 100 : 1000)) return;
    last = now;
    if (io.interactive) io.err(`\r${label(done, total)}${finished ? '\n' : ''}`);
    else io.err(`${label(done, total)}\n`);
  };
}
