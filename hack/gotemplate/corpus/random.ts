// Seeded random templates: fields, literals, pipes and function calls, if / with / range,
// variables and trim markers, over a fixed data set. The same seed gives the same corpus.
import type { Case } from './cases.js';

export const RANDOM_DATA = {
  s: 'Hello, World', t: '  padded\n', e: '', num: '8', n: 3, z: 0, neg: -2, f: 2.5, b: true, no: false,
  list: ['a', 'b', 'c'], nums: [1, 2, 3], empty: [], obj: { k: 'v', n: 1 }, nested: { a: { b: 'deep' } }, nil: null,
};

/** mulberry32: a small, fast PRNG with a 32-bit state. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'str' | 'num' | 'bool';

class Generator {
  constructor(private readonly rand: () => number) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)] as T;
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  /** An expression of `kind`; `depth` bounds nesting. */
  expr(kind: Kind, depth: number): string {
    if (depth <= 0 || this.chance(0.35)) return this.leaf(kind);
    const d = depth - 1;
    const inner = (k: Kind): string => this.operand(k, d);
    switch (kind) {
      case 'str': return this.pick([
        () => `upper ${inner('str')}`, () => `lower ${inner('str')}`, () => `trim ${inner('str')}`,
        () => `title ${inner('str')}`, () => `replace "l" "L" ${inner('str')}`, () => `trimPrefix "H" ${inner('str')}`,
        () => `printf "%s-%d" ${inner('str')} ${inner('num')}`, () => `printf "%v" ${inner(this.pick(['str', 'num', 'bool'] as const))}`,
        () => `quote ${inner('str')}`, () => `toString ${inner('num')}`, () => `default "dflt" ${inner('str')}`,
        () => `${inner('str')} | upper`, () => `${inner('str')} | printf "<%s>"`, () => `print ${inner('str')} ${inner('num')}`,
        () => `html ${this.present(d)}`, () => `urlquery ${this.present(d)}`, () => `js ${this.present(d)}`,
        () => `index .list ${this.pick(['0', '1', '2'])}`, () => `join "-" .list`, () => `squote ${inner('str')}`,
        () => `trimSuffix "d" ${inner('str')}`, () => `repeat 2 ${inner('str')}`, () => `printf "%5.5s|" ${inner('str')}`,
      ])();
      case 'num': return this.pick([
        () => `len ${inner('str')}`, () => `add ${inner('num')} ${inner('num')}`, () => `sub ${inner('num')} ${inner('num')}`,
        () => `mul ${inner('num')} ${inner('num')}`, () => `int ${inner('str')}`, () => `len .list`, () => `max ${inner('num')} ${inner('num')}`,
        () => `add1 ${inner('num')}`, () => `${inner('num')} | add 10`,
      ])();
      case 'bool': return this.pick([
        () => `eq ${inner('str')} ${inner('str')}`, () => `ne ${inner('num')} ${inner('num')}`, () => `not ${inner('bool')}`,
        () => `and ${inner('bool')} ${inner('bool')}`, () => `or ${inner('bool')} ${inner('str')}`, () => `lt ${inner('num')} ${inner('num')}`,
        () => `contains "o" ${inner('str')}`, () => `hasPrefix "He" ${inner('str')}`, () => `empty ${inner('str')}`,
        () => `eq ${inner('num')} ${inner('num')}`,
      ])();
    }
  }

  /**
   * A string argument that is never the missing value. An escaper turns a missing value into
   * "<no value>" in Go and "" here (deviation missing-value); fed on into other functions,
   * that difference changes results in ways no output comparison can attribute to it. The
   * edge cases cover escapers of missing values directly.
   */
  private present(depth: number): string {
    for (;;) {
      const arg = this.operand('str', depth);
      if (arg !== '.missing' && arg !== '(.missing)') return arg;
    }
  }

  /** An argument: a leaf, or a parenthesised expression. */
  private operand(kind: Kind, depth: number): string {
    return depth > 0 && this.chance(0.4) ? `(${this.expr(kind, depth)})` : this.leaf(kind);
  }

  private leaf(kind: Kind): string {
    switch (kind) {
      case 'str': return this.pick(['.s', '.t', '.e', '.num', '.nested.a.b', '.obj.k', '"lit"', '`raw`', '"a\\tb"', '.missing', '$.s']);
      case 'num': return this.pick(['.n', '.z', '.neg', '.obj.n', '0', '1', '7', '-3', '.f', '2.5']);
      case 'bool': return this.pick(['.b', '.no', 'true', 'false', '.nil']);
    }
  }

  private action(body: string): string {
    const l = this.chance(0.15) ? '{{- ' : '{{ ';
    const r = this.chance(0.15) ? ' -}}' : ' }}';
    return `${l}${body}${r}`;
  }

  statement(depth: number): string {
    const kinds = ['str', 'num', 'bool'] as const;
    const roll = this.rand();
    if (depth <= 0 || roll < 0.35) return this.action(this.expr(this.pick(kinds), 3));
    if (roll < 0.45) return this.pick([' ', 'text ', '\n', ' - ', 'x']);
    const body = (): string => this.statements(depth - 1, 1 + Math.floor(this.rand() * 2));
    if (roll < 0.6) {
      const otherwise = this.chance(0.5) ? `{{ else }}${body()}` : '';
      return `{{ if ${this.expr('bool', 2)} }}${body()}${otherwise}{{ end }}`;
    }
    if (roll < 0.7) return `{{ with ${this.expr('str', 2)} }}{{ . }}${body()}{{ end }}`;
    if (roll < 0.85) {
      const over = this.pick(['.list', '.nums', '.empty', '.obj', '.n', '.nil', '3']);
      const vars = this.pick(['', '$v := ', '$i, $v := ']);
      const use = vars === '' ? '{{ . }}' : vars.startsWith('$i') ? '{{ $i }}={{ $v }}' : '{{ $v }}';
      const otherwise = this.chance(0.3) ? '{{ else }}none' : '';
      return `{{ range ${vars}${over} }}${use}${body()}${otherwise}{{ end }}`;
    }
    const kind = this.pick(kinds);
    return `{{ $x := ${this.expr(kind, 2)} }}${body()}{{ $x }}`;
  }

  statements(depth: number, count: number): string {
    return Array.from({ length: count }, () => this.statement(depth)).join('');
  }
}

/** `count` random templates from `seed`, each over RANDOM_DATA. */
export function randomCases(seed: number, count: number): Case[] {
  const gen = new Generator(prng(seed));
  return Array.from({ length: count }, (_, i) => ({
    id: `random/${seed}-${i}`,
    template: gen.statements(2, 1 + (i % 3)),
    data: RANDOM_DATA,
  }));
}
