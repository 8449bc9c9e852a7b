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
