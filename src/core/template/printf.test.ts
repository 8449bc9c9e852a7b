import { describe, expect, it } from 'vitest';
import { sprintf } from './printf.js';

describe('sprintf', () => {
  it.each<[string, unknown[], string]>([
    ['%s', ['x'], 'x'],
    ['%d items', [3], '3 items'],
    ['%v %v %v %v', [1, 'a', true, [1, 2]], '1 a true [1,2]'],
    ['%v', [null], '<nil>'],
    ['%v', [{ b: 1, a: 2 }], '{"a":2,"b":1}'],
    ['%q', ['a"b\n'], '"a\\"b\\n"'],
    ['%#q', ['ab'], '`ab`'],
    ['%q', [65], "'A'"],
    ['%f', [3.14159], '3.141590'],
    ['%.2f', [3.14159], '3.14'],
    ['%.0f %.0f %.0f %.1f %.2f', [2.5, 3.5, -0.5, 0.25, 1.005], '2 4 -0 0.2 1.00'],
    ['%.1f', [8], '8.0'],
    ['%8.3f|', [3.14159], '   3.142|'],
    ['%-8.2f|', [3.14159], '3.14    |'],
    ['%08.2f', [-3.14159], '-0003.14'],
    ['%e', [1234.5678], '1.234568e+03'],
    ['%E', [0.000123], '1.230000E-04'],
    ['%g %g %g', [1234.5678, 1e6, 0.00001], '1234.5678 1e+06 1e-05'],
    ['%.3g', [1234.5678], '1.23e+03'],
    ['%x %X %x', [255, 255, -255], 'ff FF -ff'],
    ['%x', ['hi'], '6869'],
    ['%#x %#o %o %b', [255, 8, 8, 5], '0xff 010 10 101'],
    ['%t %t', [true, false], 'true false'],
    ['%c', [0x263a], '☺'],
    ['100%%', [], '100%'],
    ['%5d|%-5d|%05d', [42, 42, 42], '   42|42   |00042'],
    ['%+d %+d % d', [5, -5, 5], '+5 -5  5'],
    ['%05d', [-42], '-0042'],
    ['%.3d', [7], '007'],
    ['%6s|%-6s|', ['ab', 'ab'], '    ab|ab    |'],
    ['%.2s', ['héllo'], 'hé'],
    ['%5v|', [true], ' true|'],
    ['%v %v', [Infinity, NaN], '+Inf NaN'],
    ['%f', [-Infinity], '-Inf'],
  ])('%j %j', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });

  it.each<[string, unknown[], string]>([
    ['%d', ['x'], '%!d(string=x)'],
    ['%d', [3.5], '%!d(float64=3.5)'],
    ['%d', [true], '%!d(bool=true)'],
    ['%s', [5], '%!s(int=5)'],
    ['%s', [null], '%!s(<nil>)'],
    ['%t', ['x'], '%!t(string=x)'],
    ['%f', ['x'], '%!f(string=x)'],
    ['%z', [1], '%!z(int=1)'],
    ['%d %d', [1], '1 %!d(MISSING)'],
    ['%d', [1, 'x', 2], '1%!(EXTRA string=x, int=2)'],
    ['no verbs', [null], 'no verbs%!(EXTRA <nil>)'],
    ['%', [], '%!(NOVERB)'],
  ])('bad input is printed, not thrown: %j %j', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });
});

describe('sprintf: the rest of Go fmt', () => {
  it.each<[string, unknown[], string]>([
    ['%T %T %T %T %T', [1, 2.5, 's', true, null], 'int float64 string bool <nil>'],
    ['%.2v|%6.2v|%.1v', [3.14159, 3.14159, 'abc'], '3.1|   3.1|a'],
    ['%#v %#v %#v', ['s', [1, 'a'], { a: 1 }], '"s" []interface {}{1, "a"} map[string]interface {}{"a":1}'],
    ['%*d|%-*d|%.*f|', [5, 42, 5, 42, 2, 3.14159], '   42|42   |3.14|'],
    ['%[2]*[1]d|', [5, 3], '  5|'],
    ['%[2]s %[1]s|%[3]d|%[0]d', ['a', 'b'], 'b a|%!d(BADINDEX)|%!d(BADINDEX)'],
    ['%*d|%.*d', ['x', 3, -1, 3], '%!(BADWIDTH)3|%!(BADPREC)3'],
    ['%U %#U %#b %#o %O', [0x1f600, 65, 5, 8, 8], "U+1F600 U+0041 'A' 0b101 010 0o10"],
    ['%05s|%-05d|% x|% X|%#x|% #x', ['ab', 3, 'hi!', 'hi', 'ab', 'ab'], '000ab|3    |68 69 21|68 69|0x6162|0x61 0x62'],
    ['%x %X %.2x %x', [1.5, -2.25, 1.75, 1e-320], '0x1.8p+00 -0X1.2P+01 0x1.c0p+00 0x1.fap-1064'],
    ['%c|%q|%c|%+q|%q', [-1, -1, 0x110000, 'é', 0xd800], "\uFFFD|'\uFFFD'|\uFFFD|\"\\u00e9\"|'\uFFFD'"],
    ['%.120g|%.0d|%5.0d|%08.3x', [1.5, 0, 0, 255], '1.5||     |     0ff'],
    ['%.102f', [0.5], `0.5${'0'.repeat(101)}`],
  ])('%j %j', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });
});
