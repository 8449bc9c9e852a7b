// `--input k=v` (repeatable) and `--input '<json object>'`, merged left to right.

export function parseInputFlags(values: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const value of values) {
    if (value.trimStart().startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        throw new Error(`--input ${JSON.stringify(value)}: not valid JSON (${(error as Error).message}); fix: quote the object, e.g. --input '{"topic":"x"}'`, { cause: error });
      }
      Object.assign(input, parsed);
      continue;
    }
    const eq = value.indexOf('=');
    if (eq <= 0) throw new Error(`--input ${JSON.stringify(value)}: expected key=value or a JSON object; fix: e.g. --input topic="Kubernetes operators"`);
    input[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return input;
}
