import { describe, expect, it } from 'vitest';
import { tuneOperatorHeap } from './operator-heap.js';

describe('tuneOperatorHeap', () => {
  it('leaves a growth factor given on the node command line alone', () => {
    expect(tuneOperatorHeap(['--max-semi-space-size=1', '--heap-growing-percent=50'])).toBe(false);
    expect(tuneOperatorHeap(['--heap_growing_percent=50'])).toBe(false);
  });

  it('sets its own factor otherwise', () => {
    expect(tuneOperatorHeap(['--max-semi-space-size=1'])).toBe(true);
  });
});
