// The version of this package, read from its package.json.
import { readFileSync } from 'node:fs';

/** The version in package.json, found above this module (src/ under tsx, dist/src/ when built). */
export function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'arkonis' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: keep walking up
    }
  }
  return 'unknown';
}
