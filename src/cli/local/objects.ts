// The object source of a local run: ConfigMaps and Secrets from the files given to
// `ark run`, and prompt files relative to the YAML file that declares the agent.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ObjectSource } from '../../runtime/objects.js';
import type { CoreObject } from '../files.js';

export function fileObjectSource(objects: CoreObject[], yamlFile: string): ObjectSource {
  return {
    async value(kind, name, key) {
      return objects.find((object) => object.kind === kind && object.name === name)?.data[key];
    },
    async file(path) {
      const full = resolve(dirname(yamlFile), path);
      try {
        return await readFile(full, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(error));
        throw new Error(`cannot read ${full} (${why}); fix: give a path relative to ${yamlFile}`, { cause: error });
      }
    },
    missingHint(kind) {
      return kind === 'Secret'
        ? 'add the Secret YAML to the files given to ark run (or run with --no-mcp for MCP headers)'
        : 'add the ConfigMap to the files given to ark run, or use systemPromptRef.fileRef for local runs';
    },
  };
}
