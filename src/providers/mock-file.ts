// Loads scripted mock responses from a YAML or JSON file (JSON is read as YAML, which is
// a superset). Format:
//
//   responses:
//     - match: "weather"            # substring of the last user message / system prompt
//       toolCalls:                  # optional: asked for first, until tool results exist
//         - name: get_weather
//           arguments: { city: Paris }
//       reply: "It is {{tool:get_weather}}"
//     - match: "nextAction"           # verdict: true = only for semantic checks (VALID/INVALID)
//       verdict: true
//       reply: INVALID
//     - match: "summarize"
//       reply: "A short summary."
//   default: "Fallback reply"        # optional: replaces the echo for unmatched requests
//
// This file read is the only I/O the mock provider ever does.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatPath } from '../core/issues.js';
import type { MockOptions } from './mock.js';
import { errorMessage } from '../core/errors.js';

const toolCallSchema = z.object({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

const fileSchema = z.object({
  responses: z
    .array(z.object({
      match: z.string(), reply: z.string().optional(), toolCalls: z.array(toolCallSchema).optional(), verdict: z.boolean().optional(),
    }))
    .default([]),
  default: z.string().optional(),
});

export type MockResponsesFile = Required<Pick<MockOptions, 'responses'>> & Pick<MockOptions, 'defaultReply'>;

/** Parses the responses-file text; `source` names the file in error messages. */
export function parseMockResponses(text: string, source = 'mock responses'): MockResponsesFile {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    const reason = errorMessage(err).split('\n')[0];
    throw new Error(`${source}: not valid YAML or JSON: ${reason}; fix: correct the syntax at that line`, { cause: err });
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${formatPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))) || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${source}: invalid mock responses: ${issues}; fix: write responses: [{match, reply, toolCalls}] and an optional default (README.md, The mock provider)`);
  }
  const { responses, default: defaultReply } = parsed.data;
  return defaultReply === undefined ? { responses } : { responses, defaultReply };
}

export async function loadMockResponses(file: string): Promise<MockResponsesFile> {
  return parseMockResponses(await readFile(file, 'utf8'), file);
}
