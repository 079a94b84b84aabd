import { mkdir, readFile, writeFile } from 'node:fs/promises';

/** What the command line touches outside itself, so tests can run it in-process as well as for real. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress then rewrites one line instead of printing many. */
  interactive: boolean;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  makeDirectory(path: string): Promise<void>;
}

export function nodeIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY),
    readFile: async (path) => new Uint8Array(await readFile(path)),
    writeFile: (path, data) => writeFile(path, data),
    makeDirectory: async (path) => void (await mkdir(path, { recursive: true })),
  };
}
