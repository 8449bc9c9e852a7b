import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullLocator, parseYamlDocuments, parseYamlFully } from './documents.js';
import type { PathSegment } from './issues.js';
import { readPlainDocuments } from './yaml-plain.js';
import { plainLocator } from './yaml-plain-lines.js';
import { scanLocator } from './yaml-scan-lines.js';

/** Every path into `value`, and beside each collection paths that miss (a key, an index, a wrong-kind segment, below a leaf). */
function pathsOf(value: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, value.length], [...prefix, -1], [...prefix, '0'], [...prefix, 'x', 1]);
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
    out.push([...prefix, 'no-such-key'], [...prefix, 0], [...prefix, 'no-such-key', 'deeper']);
  } else {
    out.push([...prefix, 'below-a-leaf']);
  }
  return out;
}

/** Paths the text scan answered and could not tell, over every file checked (it must answer most). */
const scanned = { answered: 0, unknown: 0 };

/**
 * Whether the plain locator answers for `text`, after checking that it gives the full
 * locator's line for every path of every document, and that lineOf and the text scan
 * (where it answers) do too.
 */
function expectSameLines(text: string): boolean {
  const plainDocs = readPlainDocuments(text);
  if (plainDocs === undefined) return false;
  const plain = plainLocator(text);
  const scan = scanLocator(text, plainDocs);
  const full = fullLocator(text);
  const viaPlain = parseYamlDocuments(text, 'f.yaml').documents;
  const viaFull = parseYamlFully(text, 'f.yaml').documents;
  expect(viaPlain.map((doc) => doc.index)).toEqual(viaFull.map((doc) => doc.index));
  for (const [n, doc] of viaFull.entries()) {
    for (const path of pathsOf(doc.value)) {
      const expected = full(doc.index, path);
      const where = `document ${doc.index} path ${JSON.stringify(path)}`;
      if (plain !== undefined) expect(plain(doc.index, path), where).toBe(expected);
      const scannedLine = scan(doc.index, path);
      if (scannedLine === undefined) scanned.unknown++;
      else expect(scannedLine, `text scan: ${where}`).toBe(expected);
      scanned.answered += scannedLine === undefined ? 0 : 1;
      expect(viaPlain[n]?.lineOf(path), where).toBe(expected);
    }
  }
  return plain !== undefined;
}

/** Documents written to reach each way js-yaml reports nodes. */
const TABLE: Record<string, string> = {
  'nested block maps': 'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n',
  'sequences of maps, compact and not': 'l:\n  - name: a\n    x: 1\n  -\n    name: b\n  - - n\n    - m\n  - [1, 2]\n',
  'a sequence at its parent map\'s indent': 'a:\n- x\n- y: 1\n  z: 2\nb: 1\n',
  'flow collections over lines': 'a: { x: 1,\n  y: [1,\n    2], z: { q: r } }\nb: [ {c: 1}, [d] ]\n',
  'flow values on the line after their key': 'a: { b:\n    1, c:\n    [x,\n  y] }\n',
  'block scalars': 'a: |\n  one\n  two\nb: >-\n  folded\nc:\n  - |\n    item\n  - >\n    folded item\n',
  comments: '# head\na: # after key\n  # before\n  b: 1 # trailing: with colon, and comma\n# between\nc:\n  - x # item\n  # x: y\n  - y\n',
  'multiple documents': '# lead\n---\na: 1\n---\n---\n# only a comment\n---\n- b\n- c: 2\n...\n---\nd: { e: 3 }\n',
  'quoted keys and values': '"a b": 1\n\'c\': { "d": 2, \'e\': [x] }\nm: "v\n  w"\n"k": \'v\n\n  w\'\n',
  'empty values': 'a:\nb: ~\nc:\n  d:\n  e: []\n  f: {}\ng: null\n',
  'integer-like keys out of written order (the full locator answers)': 'b: 1\n10: x\na: 2\n2: y\n0x10: z\nnested: { z: 1, 3: 2 }\n',
  'scalar keys as the yaml library writes them': '1.50: a\ntrue: b\n-1: c\n',
  'integer-like keys written first, in ascending order': '1: a\n20: b\nx: { 3: c, y: d }\n',
  'a __proto__ key': '__proto__: { polluted: true }\nother: 1\n',
  'a document ended by a marker': 'a:\n  b: 1\n---\nc: 2\n',
  'a root scalar and a root sequence': 'text\n---\n- a\n- - b\n---\n[a, { b: c }]\n',
  'a plain value over lines': 'a: one\n  two\nb:\n  three\n  four\nc: [x]\n',
  'an empty block sequence item (the full locator answers)': 'a:\n  -\n  - b\n',
  'a flow map key without a value (the full locator answers)': 'a: { b, c: 1 }\n',
  'a flow sequence holding a pair (the full locator answers)': 'a: [ b: 1, c ]\n',
  'CRLF line ends': 'a:\r\n  b: 1\r\n  c: [x, "y"]\r\nd:\r\n- e\r\n- f: { g: 1 }\r\n',
  'flow collections on the line after their key': 'a:\n  { b: 1 }\nc:\n  [1, [2]] # note\n',
  'tabs inside a block scalar': 'a: |\n  \tindented with a tab\n  x\nb:\n  - |\n    \t- not an item\n  - c: d\n',
  'quoted keys with escapes and a colon': '"a:b": { "c\\"d": 1 }\n\'e\'\'f\': [x]\n"\\u0041": 2\n',
  'a team': 'apiVersion: arkonis.dev/v1alpha1\nkind: ArkTeam\nmetadata:\n  name: t\nspec:\n  roles:\n    - name: r\n      model: m\n      limits: { maxTokensPerCall: 2000 }\n  pipeline:\n    - role: r\n      inputs: { prompt: "{{ .input.topic }}" }\n      dependsOn: [a, b]\n',
};

/** Cases where the plain locator itself must answer (not hand over to the full one). */
const PLAIN_ANSWERS = Object.keys(TABLE).filter((name) => !name.includes('the full locator answers'));

describe('the plain locator', () => {
  for (const [name, text] of Object.entries(TABLE)) {
    it(`gives the full locator's lines for ${name}`, () => {
      expect(expectSameLines(text)).toBe(PLAIN_ANSWERS.includes(name));
    });
  }

  it('gives the full locator\'s lines for every YAML file in the repository', () => {
    const files = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(20);
    Object.assign(scanned, { answered: 0, unknown: 0 });
    const answered = files.filter((file) => expectSameLines(readFileSync(file, 'utf8')));
    expect(answered).toContain('examples/quickstart.yaml');
    expect(answered.length).toBeGreaterThan(files.length / 2);
    // Every file the plain reader reads here is block style the text scan reads through.
    expect(scanned).toEqual({ answered: expect.any(Number) as number, unknown: 0 });
    expect(scanned.answered).toBeGreaterThan(2000);
  }, 60_000);

  it('is not used for a file only the full reader reads', () => {
    expect(plainLocator('a: &x 1\nb: *x\n')).toBeUndefined();
    expect(plainLocator('a: [1\n')).toBeUndefined();
  });

  it('gives the full locator\'s lines for generated documents', () => {
    let answered = 0;
    Object.assign(scanned, { answered: 0, unknown: 0 });
    fc.assert(fc.property(streamArbitrary, (text) => {
      if (expectSameLines(text)) answered++;
    }), { numRuns: 300 });
    // Most generated files must be the plain locator's, and many paths the text scan's, or the comparison proves little.
    expect(answered).toBeGreaterThan(150);
    expect(scanned.answered).toBeGreaterThan(scanned.unknown);
  }, 120_000);
});

// Generated YAML: a tree of maps, sequences and scalars, each written in a randomly chosen style.
type Node =
  | { kind: 'scalar'; text: string; style: 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'empty' }
  | { kind: 'map'; flow: boolean; entries: [string, Node][]; quoteKeys: boolean; comment: boolean }
  | { kind: 'seq'; flow: boolean; items: Node[]; comment: boolean };

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
// Integer-like keys now and then: Object.keys moves them first, which the full locator answers.
const keyArbitrary = fc.oneof({ arbitrary: word, weight: 12 }, { arbitrary: fc.integer({ min: 0, max: 30 }).map(String), weight: 1 });
const scalarArbitrary: fc.Arbitrary<Node> = fc.record({
  kind: fc.constant('scalar' as const),
  text: fc.oneof(word, fc.constant('two words'), fc.integer().map(String), fc.constant('true')),
  style: fc.constantFrom('plain', 'plain', 'single', 'double', 'literal', 'folded', 'empty'),
});
const { node: nodeArbitrary } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArbitrary,
    fc.record({
      kind: fc.constant('map' as const), flow: fc.boolean(), quoteKeys: fc.boolean(), comment: fc.boolean(),
      entries: fc.uniqueArray(fc.tuple(keyArbitrary, tie('node')), { maxLength: 4, selector: ([key]) => key }),
    }),
    fc.record({ kind: fc.constant('seq' as const), flow: fc.boolean(), comment: fc.boolean(), items: fc.array(tie('node'), { maxLength: 4 }) }),
  ),
}));
const rootArbitrary = fc.record({
  kind: fc.constant('map' as const), flow: fc.constant(false), quoteKeys: fc.boolean(), comment: fc.boolean(),
  entries: fc.uniqueArray(fc.tuple(keyArbitrary, nodeArbitrary), { minLength: 1, maxLength: 5, selector: ([key]) => key }),
});
const streamArbitrary = fc.array(fc.oneof(rootArbitrary, nodeArbitrary), { minLength: 1, maxLength: 3 })
  .map((roots) => roots.map((root) => `# a document\n${render(root, 0).join('\n')}\n`).join('---\n'));

const pad = (indent: number): string => ' '.repeat(indent);

/** Lines of `node` at `indent`, in block style unless it (or its parent) is flow. */
function render(node: Node, indent: number): string[] {
  if (node.kind === 'scalar' || node.flow) return [`${pad(indent)}${inline(node, indent)}`];
  const items: [string, Node][] = node.kind === 'map'
    ? node.entries.map(([key, value]) => [`${node.quoteKeys ? JSON.stringify(key) : key}:`, value])
    : node.items.map((item) => ['-', item]);
  if (items.length === 0) return [`${pad(indent)}${node.kind === 'map' ? '{}' : '[]'}`];
  const lines: string[] = [];
  for (const [lead, value] of items) {
    if (node.comment) lines.push(`${pad(indent)}# before ${lead}`);
    if (value.kind === 'scalar' || value.flow || isEmpty(value)) {
      lines.push(`${pad(indent)}${lead} ${inline(value, indent)}${node.comment ? ' # after: it' : ''}`.trimEnd());
    } else {
      lines.push(`${pad(indent)}${lead}`, ...render(value, indent + 2));
    }
  }
  return lines;
}

function isEmpty(node: Node): boolean {
  return node.kind === 'map' ? node.entries.length === 0 : node.kind === 'seq' && node.items.length === 0;
}

/** `node` on one line (a block scalar continues on the next lines, below `indent`). */
function inline(node: Node, indent: number): string {
  if (node.kind === 'map') return `{ ${node.entries.map(([key, value]) => `${node.quoteKeys ? JSON.stringify(key) : key}: ${flowScalar(value)}`).join(', ')} }`;
  if (node.kind === 'seq') return `[${node.items.map(flowScalar).join(', ')}]`;
  switch (node.style) {
    case 'single': return `'${node.text}'`;
    case 'double': return JSON.stringify(node.text);
    case 'literal': return `|\n${pad(indent + 2)}${node.text}\n${pad(indent + 2)}more`;
    case 'folded': return `>-\n${pad(indent + 2)}${node.text}`;
    case 'empty': return '';
    default: return node.text;
  }
}

/** Inside a flow collection: flow children, and no block scalars or empty values. */
function flowScalar(node: Node): string {
  if (node.kind !== 'scalar') return inline(node, 0);
  return node.style === 'literal' || node.style === 'folded' || node.style === 'empty' ? JSON.stringify(node.text) : inline(node, 0);
}
