// A Lua script run by its SHA1 (EVALSHA), sent in full (EVAL, which also loads it) only when
// the server does not know it yet: after it started, restarted or flushed its script cache.
// Plain commands, so they join the connection's auto-pipeline like any other, and a script
// needs no registering on a connection before the first command is sent.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorMessage } from '../core/errors.js';

export class LuaScript<Reply = unknown> {
  private readonly sha: string;

  /** `keys`: how many of a call's leading arguments are KEYS (the rest are ARGV). */
  constructor(private readonly lua: string, private readonly keys: number) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, ...keysAndArgs: (string | number)[]): Promise<Reply> {
    try {
      return (await redis.evalsha(this.sha, this.keys, ...keysAndArgs)) as Reply;
    } catch (error) {
      if (!errorMessage(error).startsWith('NOSCRIPT')) throw error;
      return (await redis.eval(this.lua, this.keys, ...keysAndArgs)) as Reply;
    }
  }
}
