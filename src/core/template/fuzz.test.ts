// Property tests: no input makes the engine throw anything but a TemplateError with a
// position, whatever the template, the data, the function or the printf format.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCS } from './funcs.js';
import { renderTemplate, TemplateError } from './index.js';

const DATA = { s: 'Straße 😀', n: 3, f: -2.5, big: 1e300, neg: -1, list: ['a', 1, null, { k: 'v' }], obj: { a: 1, b: [2] }, e: '', nil: null };

function mustFailCleanly(template: string, data: unknown): void {
  try {
    renderTemplate(template, data, { now: () => new Date(0) });
  } catch (e) {
    if (!(e instanceof TemplateError)) throw new Error(`${JSON.stringify(template)} threw ${String(e)}`);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
  }
}

const TOKENS = [
  '{{', '}}', '{{-', '-}}', ' ', '.', '.s', '.n', '.list', '.obj.a', '$', '$x', ':=', '=', '|', '(', ')', ',', '"q"', '`r`', "'c'",
  '1', '-1', '0x1p4', '1e400', '9007199254740993', '1i', 'nil', 'true', 'if', 'else', 'end', 'range', 'with', 'break', 'continue',
  'define', '/*', '*/', 'printf', '"%d"', '"%[2]*.*x"', 'index', 'slice', 'len', 'upper', 'repeat', 'until', 'seq', 'trunc', 'substr',
];
const tokenSoup = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 })), { maxLength: 40 }).map((ts) => ts.join(''));

const jsonValue = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer({ min: -2000, max: 2000 }), fc.double(), fc.string({ maxLength: 8 }),
  fc.constantFrom(2 ** 53 + 2, -0, 1e21, 0x10ffff + 1, -0x41),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 3 }),
);

describe('no input throws anything but a TemplateError', () => {
  it('random templates built from template tokens', () => {
    fc.assert(fc.property(tokenSoup, (t) => mustFailCleanly(t, DATA)), { numRuns: 3000 });
  });

  it('every function with random arguments', () => {
    const names = [...FUNCS.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(jsonValue, { maxLength: 4 }), (name, args) => {
        const f = FUNCS.get(name);
        if (!f) return;
        const count = Math.min(Math.max(args.length, f.min), f.max === Infinity ? f.min + 3 : f.max);
        const data = Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, args[i] ?? null]));
        mustFailCleanly(`{{ ${name}${Object.keys(data).map((k) => ` .${k}`).join('')} }}`, data);
      }),
      { numRuns: 5000 },
    );
  });

  it('printf with random formats and arguments', () => {
    const format = fc.array(fc.oneof(fc.constantFrom('%', '[', ']', '*', '.', '-', '+', '#', '0', ' ', '9', '120', 'v', 'd', 'x', 'X', 'c', 'q', 'U', 'e', 'g', 'f', 's', 'T', 'b', 'o', 'O', 't'), fc.string({ maxLength: 2 })), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(format, fc.array(jsonValue, { maxLength: 4 }), (fmt, args) => {
        const data = { fmt, args };
        mustFailCleanly(`{{ printf .fmt ${args.map((_, i) => `(index .args ${i})`).join(' ')} }}`, data);
      }),
      { numRuns: 5000 },
    );
  });
});
