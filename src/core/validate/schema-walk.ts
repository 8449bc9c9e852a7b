// Finding the zod schema of a field by path, to name expected types and to turn a field's
// description into a fix. Only the wrappers our API schemas use are followed.
import { z } from 'zod';
import type { PathSegment } from '../issues.js';

/** The schema at `path` below `root` (wrappers included), or undefined when not declared. */
export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = childSchema(unwrapSchema(current), segment);
  }
  return current;
}

/** Strips optional / default / prefault / nullable wrappers. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let inner = unwrapOnce(current); inner !== undefined; inner = unwrapOnce(current)) current = inner;
  return current;
}

/** The first description found on the wrapper chain of a field's schema. */
export function descriptionOf(schema: z.ZodType | undefined): string | undefined {
  for (let current = schema; current !== undefined; current = unwrapOnce(current)) {
    if (current.description !== undefined) return current.description;
  }
  return undefined;
}

function unwrapOnce(schema: z.ZodType): z.ZodType | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable
    || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return schema.unwrap() as z.ZodType;
  }
  return undefined;
}

/** The declared keys of the object schema at a path (for did-you-mean on unknown fields). */
export function objectKeysAt(root: z.ZodType, path: readonly PathSegment[]): string[] {
  const schema = schemaAt(root, path);
  const inner = schema === undefined ? undefined : unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/** True when the number schema at the path only accepts integers. */
export function isIntegerAt(root: z.ZodType, path: readonly PathSegment[]): boolean {
  const schema = schemaAt(root, path);
  const inner = schema === undefined ? undefined : unwrapSchema(schema);
  return inner instanceof z.ZodNumber && inner.isInt === true;
}

function childSchema(schema: z.ZodType, segment: PathSegment): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return typeof segment === 'string' && Object.hasOwn(shape, segment) ? shape[segment] : undefined;
  }
  if (schema instanceof z.ZodArray) return typeof segment === 'number' ? (schema.element as z.ZodType) : undefined;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  return undefined;
}
