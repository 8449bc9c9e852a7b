// Public surface of the core rule library: issues, validation, defaults, YAML documents,
// RE2-style regexes, JSON Schema checks and the template engine.
export * from './issues.js';
export * from './validate/index.js';
export * from './defaults.js';
export * from './documents.js';
export * from './regex.js';
export * from './json-schema.js';
export * from './template/index.js';
