// The run id whose Redis log holds the events of ArkRun <namespace>/<name>.
// Local stand-in: the ArkRun controller is to export `runIdOf(namespace, name)` from
// src/controller/runs/index.ts; until it does, this is the one place the mapping lives
// (`<namespace>.<name>`), so switching to the controller's function is a one-line change.
export function runIdOf(namespace: string, name: string): string {
  return `${namespace}.${name}`;
}
