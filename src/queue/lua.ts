// A Lua script run by its SHA1 (EVALSHA), sent in full (EVAL, which also loads it) only when
// the server may not know it: on a connection's first call, and after a NOSCRIPT reply (the
// server restarted or flushed its script cache). A server runs one connection's commands in
// order, so the calls sent behind that first EVAL find the script loaded; a burst of calls
// on a fresh connection is not answered NOSCRIPT and sent again one by one. Plain commands,
// so they join the connection's auto-pipeline like any other, and a script needs no
// registering on a connection before the first command is sent.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorMessage } from '../core/errors.js';

export class LuaScript<Reply = unknown> {
  private readonly sha: string;
  /** Connections this script was sent to in full. */
  private readonly sentTo = new WeakSet<Redis>();

  /** `keys`: how many of a call's leading arguments are KEYS (the rest are ARGV); -1 when each call says (runWith). */
  constructor(private readonly lua: string, private readonly keys: number) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Runs the script with its leading `keys` arguments as KEYS. */
  run(redis: Redis, ...keysAndArgs: (string | number)[]): Promise<Reply> {
    return this.runWith(redis, this.keys, keysAndArgs);
  }

  /** Runs the script with `keys` KEYS (for a script whose KEYS vary in number, declared with -1). */
  async runWith(redis: Redis, keys: number, keysAndArgs: readonly (string | number)[]): Promise<Reply> {
    if (!this.sentTo.has(redis)) {
      this.sentTo.add(redis);
      return (await redis.eval(this.lua, keys, ...keysAndArgs)) as Reply;
    }
    try {
      return (await redis.evalsha(this.sha, keys, ...keysAndArgs)) as Reply;
    } catch (error) {
      if (!errorMessage(error).startsWith('NOSCRIPT')) throw error;
      return (await redis.eval(this.lua, keys, ...keysAndArgs)) as Reply;
    }
  }
}
