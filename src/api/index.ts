// Public surface of the API package: schemas, types and the kind registry.
export * from './common.js';
export * from './agent.js';
export * from './team.js';
export * from './run.js';
export * from './service.js';
export * from './budget.js';
export * from './resources.js';
