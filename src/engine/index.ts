// The run engine's public surface.
export * from './events.js';
export * from './ports.js';
export { runTeam, type RunOptions, type RunResult } from './run.js';
export { pipelineOf, planPipeline } from './plan.js';
