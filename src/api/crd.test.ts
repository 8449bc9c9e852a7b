import { describe, expect, it } from 'vitest';
import { buildCrd, toStructural } from './crd.js';
import { KINDS } from './resources.js';

type Node = Record<string, unknown>;

/** Collects violations of the Kubernetes structural-schema rules below `node`. */
function structuralProblems(node: Node, path: string, out: string[]): string[] {
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (!preserve && typeof node.type !== 'string') out.push(`${path}: no type`);
  for (const banned of ['anyOf', 'oneOf', 'allOf', '$ref', 'propertyNames', '$schema']) {
    if (banned in node) out.push(`${path}: ${banned}`);
  }
  if (node.additionalProperties === false) out.push(`${path}: additionalProperties false`);
  if (node.properties && node.additionalProperties) out.push(`${path}: properties and additionalProperties`);
  for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
    structuralProblems(child, `${path}.${key}`, out);
  }
  if (node.items) structuralProblems(node.items as Node, `${path}[]`, out);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    structuralProblems(node.additionalProperties as Node, `${path}{}`, out);
  }
  return out;
}

describe('generated CRDs', () => {
  for (const info of Object.values(KINDS)) {
    it(`${info.kind} has a structural schema, status subresource and printer columns`, () => {
      const crd = buildCrd(info) as { spec: { versions: Node[] } };
      const version = crd.spec.versions[0]!;
      const schema = (version.schema as { openAPIV3Schema: Node }).openAPIV3Schema;
      expect(structuralProblems(schema, info.kind, [])).toEqual([]);
      expect(version.subresources).toMatchObject({ status: {} });
      expect((version.additionalPrinterColumns as unknown[]).length).toBeGreaterThan(1);
    });
  }

  it('gives ArkAgent a scale subresource on spec.replicas', () => {
    const crd = buildCrd(KINDS.ArkAgent) as { spec: { versions: Node[] } };
    expect(crd.spec.versions[0]!.subresources).toMatchObject({
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
    });
  });

  it('rejects unions that are not marked opaque', () => {
    expect(() => toStructural({ anyOf: [{ type: 'string' }, { type: 'integer' }] })).toThrow(/opaque/);
  });

  it('turns free-form records into preserve-unknown objects and drops safe-integer bounds', () => {
    const out = toStructural({
      type: 'object',
      properties: { n: { type: 'integer', minimum: -9007199254740991, maximum: 50 } },
      additionalProperties: false,
    });
    expect(out).toEqual({ type: 'object', properties: { n: { type: 'integer', maximum: 50 } } });
    expect(toStructural({ type: 'object', additionalProperties: {} })).toEqual({
      type: 'object', 'x-kubernetes-preserve-unknown-fields': true,
    });
  });
});
