// The object source of an agent pod: the ConfigMaps and Secrets it references, mounted as
// volumes under one directory (<dir>/configmaps/<name>/<key>, <dir>/secrets/<name>/<key>).
// Kubernetes updates a mounted ConfigMap in place (an atomic symlink swap), so every read
// looks at the file again; its text is cached by modification time and size, so an
// unchanged prompt costs one stat per task.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ObjectKind, ObjectSource } from './objects.js';

const FOLDER: Record<ObjectKind, string> = { ConfigMap: 'configmaps', Secret: 'secrets' };

export function mountedObjectSource(dir: string): ObjectSource {
  const cache = new Map<string, { version: string; text: string }>();
  const read = async (path: string): Promise<string | undefined> => {
    let version: string;
    try {
      const info = await stat(path);
      version = `${info.mtimeMs}:${info.size}:${info.ino}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const cached = cache.get(path);
    if (cached?.version === version) return cached.text;
    const text = await readFile(path, 'utf8');
    cache.set(path, { version, text });
    return text;
  };
  return {
    value: (kind, name, key) => read(join(dir, FOLDER[kind], name, key)),
    async file(path) {
      const full = resolve(dir, path);
      const text = await read(full);
      if (text === undefined) throw new Error(`cannot read ${full} (no such file); fix: mount the prompt file under ${dir}`);
      return text;
    },
    missingHint(kind, name, key) {
      return `mount ${kind} ${name} at ${join(dir, FOLDER[kind], name)} (OBJECTS_DIR) with key "${key}"`;
    },
  };
}
