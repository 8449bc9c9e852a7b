// The run id whose Redis log holds the events of ArkRun <namespace>/<name>: the same
// function the ArkRun controller names its runs with.
export { runIdOf } from '../src/core/run-requests.js';
