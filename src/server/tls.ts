// A serving certificate read from files and reloaded when they change, without a restart
// (cert-manager rotates the mounted Secret in place). A change that does not load (a cert
// written before its key, a broken file) keeps the previous certificate and is reported.
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Stats } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { SecureContextOptions, Server } from 'node:tls';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** Polling interval of the files; fs.watchFile stats the path, so Secret symlink swaps are seen. */
const WATCH_INTERVAL_MS = 1_000;

/** Reads and checks the pair; throws an error naming the file and the fix. */
export function loadTlsFiles(files: TlsFiles): SecureContextOptions {
  const read = (file: string, flag: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${flag} ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)}); fix: point ${flag} at a PEM file`, { cause: error });
    }
  };
  const options = { cert: read(files.certFile, '--tls-cert-file'), key: read(files.keyFile, '--tls-key-file') };
  try {
    createSecureContext(options);
  } catch (error) {
    throw new Error(`--tls-cert-file ${files.certFile} / --tls-key-file ${files.keyFile}: not a matching PEM certificate and key (${(error as Error).message}); fix: give the serving cert and its private key`, { cause: error });
  }
  return options;
}

/** Installs new certificates on `server` whenever either file changes; returns the stop function. */
export function reloadOnChange(server: Server, files: TlsFiles, onReload: (error?: Error) => void): () => void {
  const listener = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    try {
      server.setSecureContext(loadTlsFiles(files));
      onReload();
    } catch (error) {
      onReload(error as Error);
    }
  };
  for (const file of [files.certFile, files.keyFile]) watchFile(file, { interval: WATCH_INTERVAL_MS, persistent: false }, listener);
  return () => {
    for (const file of [files.certFile, files.keyFile]) unwatchFile(file, listener);
  };
}
