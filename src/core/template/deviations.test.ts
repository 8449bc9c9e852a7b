import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVIATIONS } from './deviations.js';

/** The leading comment of index.ts as one line of text. */
function header(): string {
  const src = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
  const lines: string[] = [];
  for (const line of src.split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/ ?/, ''));
  }
  return lines.join('\n').replace(/\n {2}/g, ' ');
}

describe('deliberate deviations', () => {
  it('are listed in the header of index.ts, in order, and nothing else is', () => {
    const bullets = header().split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
    expect(bullets).toEqual(DEVIATIONS.map((d) => d.summary));
  });

  it('each have a unique id and a reason', () => {
    expect(new Set(DEVIATIONS.map((d) => d.id)).size).toBe(DEVIATIONS.length);
    for (const d of DEVIATIONS) expect(d.reason.length, d.id).toBeGreaterThan(20);
  });
});
