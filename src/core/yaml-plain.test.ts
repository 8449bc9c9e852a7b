import { describe, expect, it } from 'vitest';
import { parseYamlDocuments, parseYamlFully } from './documents.js';
import { readPlainDocuments } from './yaml-plain.js';
import { MAX_YAML_DEPTH } from './yaml-stream.js';

/** What a reader gives a caller: index, value and line of each non-empty document. */
function shown(text: string, read: typeof parseYamlDocuments): unknown {
  const parsed = read(text, 'f.yaml');
  return { issues: parsed.issues, documents: parsed.documents.map(({ index, value, line }) => ({ index, value, line })) };
}

/** Files the plain reader must read itself, each giving exactly what the full reader gives. */
const PLAIN: Record<string, string> = {
  'block scalars, kept and folded, with chomping': 'a: |\n  one\n  two\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  kept\n\nd: >2\n   indented\n',
  'flow collections over lines': 'a: { x: 1, y: [1, 2,\n    3], z: "q" }\nb: [a, "b c", \'d\']\n',
  comments: '# head\na: 1 # trailing\n# between\nb:\n  # inside\n  - x # item\n',
  'CRLF line endings': 'a: 1\r\nb:\r\n  - x\r\n  - |\r\n    text\r\n    more\r\n',
  'tabs inside values and after indicators': 'a:\tvalue\nb: "tab\there"\nc: |\n  \tindented by a tab\n',
  'a byte-order mark': '\uFEFFapiVersion: v1\nkind: X\n',
  'multi-document files with empty documents': '# lead\n---\na: 1\n---\n---\n# only a comment\n---\nb: 2\n...\n---\nc: 3\n',
  'core schema scalars': 'i: [0, -0, +5, 0o17, 0x1F, 9007199254740991, -9007199254740991]\nf: [1.5, .5, -1., 1e3, 2.5E-2, .inf, -.Inf, +.INF, .nan]\nb: [true, True, TRUE, false, FALSE]\nn: [~, null, Null, NULL, ]\ns: [0b101, 1_000, 0o8, 0xG, +.5e3, yes, on, 1:2, "1", \'true\', 12e]\n',
  'scalar keys as the yaml library writes them': '1: a\n0x10: b\n1.50: c\ntrue: d\n"quoted": e\n',
  'quoted escapes and line folding': 'a: "x\\ty\\u00e9\\x41\\\n  z"\nb: \'it\'\'s\n  folded\'\nc: plain\n  continued\n',
  'strings that look like YAML syntax': 'a: "*not-an-alias &nor-anchor !nor-tag"\nb: |\n  - not an item\n  &x *y !z\n',
  'a root sequence and a root scalar': '- a\n- b\n---\njust text\n',
  'a document on the marker line': '--- { a: 1 }\n--- |\n  text\n',
  'nesting up to the bound': `${'['.repeat(MAX_YAML_DEPTH)}${']'.repeat(MAX_YAML_DEPTH)}\n`,
  'nesting up to the bound with leaves': `${'{a: '.repeat(MAX_YAML_DEPTH)}1${'}'.repeat(MAX_YAML_DEPTH)}\n`,
  'block maps and lists nested to the bound': `${Array.from({ length: MAX_YAML_DEPTH / 2 }, (_, i) => `${' '.repeat(i * 2)}- k:`).join('\n')} x\n`,
  'a __proto__ key': '__proto__: { polluted: true }\n',
};

/** Files the full reader must read: the shapes where the libraries may differ, and every error. */
const FULL: Record<string, string> = {
  'an anchor and alias': 'a: &x 1\nb: *x\n',
  'a merge key': 'base: &b { m: 1 }\nr:\n  <<: *b\n',
  'a merge key without an alias': 'r:\n  <<: { m: 1 }\n  x: 2\n',
  'a tag': 'a: !!str 1\n',
  'an int tag': 'a: !!int "1"\n',
  'the non-specific tag': 'a: ! 1\n',
  'a custom tag': 'a: !Ref x\n',
  'a verbatim tag': 'a: !<tag:yaml.org,2002:str> 1\n',
  'a directive': '%YAML 1.2\n---\na: 1\n',
  'a null key': '~: a\nnull: b\n',
  'an empty key': ': a\n',
  'an explicit key': '? a\n: b\n',
  'a collection key': '[a, b]: c\n',
  'a flow map key': '{ a: 1 }: c\n',
  'a flow end at a line start': 'a: [\n  1\n]\n',
  'an integer beyond 2^53': 'a: 9007199254740993\n',
  'a key over 1024 characters': `${'k'.repeat(1100)}: v\n`,
  'nesting past the bound': `${'['.repeat(MAX_YAML_DEPTH + 1)}${']'.repeat(MAX_YAML_DEPTH + 1)}\n`,
  'maps nested past the bound': `${'{a: '.repeat(MAX_YAML_DEPTH)}{}${'}'.repeat(MAX_YAML_DEPTH)}\n`,
  'block maps nested past the bound': `${Array.from({ length: MAX_YAML_DEPTH + 1 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`,
  'a question mark after a space, even in text (a false alarm: only slower)': 'a: |\n  why ? because\n',
  'a duplicate key': 'a: 1\na: 2\n',
  'an unclosed flow sequence': 'a: [1, 2\n',
  'tab indentation': 'a:\n\tb: 1\n',
  'bad indentation': 'a: 1\n b: 2\n',
  'a lone CR': 'a: 1\rb: 2\n',
  'a null byte': 'a: "x\0"\n',
};

describe('the plain YAML reader', () => {
  for (const [name, text] of Object.entries(PLAIN)) {
    it(`reads ${name} as the full reader does`, () => {
      expect(readPlainDocuments(text)).toBeDefined();
      expect(shown(text, parseYamlDocuments)).toEqual(shown(text, parseYamlFully));
    });
  }

  for (const [name, text] of Object.entries(FULL)) {
    it(`leaves ${name} to the full reader`, () => {
      expect(readPlainDocuments(text)).toBeUndefined();
      expect(shown(text, parseYamlDocuments)).toEqual(shown(text, parseYamlFully));
    });
  }

  it('gives the line of each document, comments and markers skipped', () => {
    expect(readPlainDocuments('# c\n\n---\n# c\nkind: A\n---\n\n  - x\n')?.map((doc) => [doc.index, doc.line])).toEqual([[0, 5], [1, 8]]);
  });
});

describe('lines in a large file read by the plain reader', () => {
  const roles = Array.from({ length: 2000 }, (_, i) => `  - name: role-${i}\n    model: m\n    systemPrompt: |\n      line one\n      line two\n`);
  const text = `kind: ArkTeam\nspec:\n  roles:\n${roles.join('').replaceAll(/^/gm, '  ').replaceAll(/^ {2}$/gm, '')}`;

  it('points deep into the file, as the full reader does', () => {
    const [plain] = parseYamlDocuments(text, 'f.yaml').documents;
    const [full] = parseYamlFully(text, 'f.yaml').documents;
    expect(readPlainDocuments(text)).toBeDefined();
    for (const path of ['spec.roles[1234].model', 'spec.roles[1999].systemPrompt', 'spec.roles[1999].missing', 'spec.roles[9999]']) {
      expect(plain?.lineOf(path)).toBe(full?.lineOf(path));
    }
    expect(plain?.lineOf('spec.roles[1234].model')).toBe(3 + 1234 * 5 + 2);
  }, 30_000);
});
