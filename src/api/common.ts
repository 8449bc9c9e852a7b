// Building blocks shared by every kind. Each field is declared once here or in its kind's
// file; TS types, runtime validation and the generated CRDs all come from these schemas.
import { z } from 'zod';

export const GROUP = 'arkonis.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/**
 * CRD hints carried as zod metadata. `opaque` fields are validated by zod but stored by
 * Kubernetes without a schema (x-kubernetes-preserve-unknown-fields), e.g. PodSpec parts
 * and JSON Schemas written by users.
 */
export const OPAQUE = { 'x-kubernetes-preserve-unknown-fields': true } as const;

/** Any JSON value, kept as written. */
export const anyValue = (description: string) => z.unknown().meta({ ...OPAQUE, description });

/** A JSON Schema given as an object or, as ARKONIS YAML does, as JSON text. */
export const jsonSchemaValue = (description: string) =>
  z.union([z.string(), z.record(z.string(), z.unknown())]).meta({ ...OPAQUE, description });

/** A PodSpec fragment passed through to agent pods unchanged. */
export const podField = (description: string) =>
  z.record(z.string(), z.unknown()).meta({ ...OPAQUE, description });
export const podListField = (description: string) =>
  z.array(z.record(z.string(), z.unknown())).meta({ ...OPAQUE, description });

export const positiveInt = () => z.number().int().min(1);

/** Longest timer Node can arm (2^31-1 ms); longer timeouts would fire at once. */
export const MAX_TIMEOUT_SECONDS = 2_147_483;
/** A duration in whole seconds that a timer can actually wait for (about 24 days at most). */
export const seconds = () => positiveInt().max(MAX_TIMEOUT_SECONDS);
export const nonNegativeInt = () => z.number().int().min(0);

export const localObjectRef = z
  .strictObject({ name: z.string().min(1).describe('Name of the object in the same namespace.') })
  .describe('A reference to an object in the same namespace.');

export const tokenUsage = z
  .strictObject({
    input: nonNegativeInt().default(0).describe('Prompt tokens.'),
    output: nonNegativeInt().default(0).describe('Completion tokens.'),
    total: nonNegativeInt().default(0).describe('input + output.'),
  })
  .describe('Token counts.');

export const condition = z
  .strictObject({
    type: z.string().min(1).describe('Condition type, e.g. Ready.'),
    status: z.enum(['True', 'False', 'Unknown']).describe('True, False or Unknown.'),
    reason: z.string().optional().describe('A CamelCase reason for the last transition.'),
    message: z.string().optional().describe('A human-readable explanation.'),
    lastTransitionTime: z.string().optional().describe('When the status last changed (RFC 3339).'),
    observedGeneration: nonNegativeInt().optional().describe('The generation this condition reflects.'),
  })
  .describe('A standard Kubernetes condition.');
export const conditions = z.array(condition).meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });

/** metadata is validated loosely: Kubernetes owns it; we only need name and namespace. */
export const objectMeta = z.looseObject({
  name: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
      message: 'must be a lowercase RFC 1123 name: letters, digits and "-", starting and ending with a letter or digit',
    })
    .max(253)
    .optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export type TokenUsage = z.infer<typeof tokenUsage>;
export type Condition = z.infer<typeof condition>;
export type LocalObjectRef = z.infer<typeof localObjectRef>;
