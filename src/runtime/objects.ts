// Where an agent's referenced objects come from: the ConfigMaps and Secrets of its
// namespace in the cluster (mounted files or the API), the files given to `ark run` on a
// laptop. The agent assembly only sees this port.

export type ObjectKind = 'ConfigMap' | 'Secret';

export interface ObjectSource {
  /** The value of `key` in the ConfigMap or Secret `name`; undefined when either is absent. */
  value(kind: ObjectKind, name: string, key: string): Promise<string | undefined>;
  /** The text of a prompt file (systemPromptRef.fileRef.path); throws an Error naming the path and the fix. */
  file(path: string): Promise<string>;
  /** How a user makes a missing object available, in this source's terms. */
  missingHint(kind: ObjectKind, name: string, key: string): string;
}
