import { FakeClock } from '../engine/fake-clock.js';
import { queueContract } from './contract.js';
import { MemoryQueue, type MemorySubscription } from './memory.js';

let clock = new FakeClock();
queueContract('memory', {
  create: async (options) => {
    clock = new FakeClock();
    return new MemoryQueue({ ...options, clock });
  },
  crash: async (subscription) => { (subscription as MemorySubscription).crash(); },
  advance: (ms) => clock.advance(ms),
  peer: async (queue) => queue,
});
