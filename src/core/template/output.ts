// ARKONIS rules for rendered strings and step outputs: the truthiness of a rendered `if`
// or loop condition, and the JSON data behind `.steps.<role>.data`.

const FALSY = new Set(['', 'false', '0', 'no']);

/** A rendered condition is false when, trimmed and case-folded, it is '', 'false', '0' or 'no'. */
export function isTruthy(rendered: string): boolean {
  return !FALSY.has(rendered.trim().toLowerCase());
}

/** JSON.parse without throwing; undefined when the text is not JSON. */
function tryJson(text: string): unknown {
  const first = text.charCodeAt(0);
  // Only text that can begin a JSON value is handed to JSON.parse (prose fails fast here).
  const plausible = first === 123 || first === 91 || first === 34 || first === 45 || (first >= 48 && first <= 57)
    || text === 'true' || text === 'false' || text === 'null';
  if (!plausible) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A step's output as JSON: the whole output when it is JSON, otherwise the first ``` or
 * ```json fenced block that holds valid JSON. Undefined when there is none. Fences with
 * another language tag (```python) are skipped.
 */
export function parseOutputData(output: string): unknown {
  const whole = tryJson(output.trim());
  if (whole !== undefined) return whole;
  let from = 0;
  for (;;) {
    const open = output.indexOf('```', from);
    if (open < 0) return undefined;
    const eol = output.indexOf('\n', open + 3);
    if (eol < 0) return undefined;
    const close = output.indexOf('```', eol + 1);
    if (close < 0) return undefined;
    const lang = output.slice(open + 3, eol).trim().toLowerCase();
    if (lang === '' || lang === 'json') {
      const data = tryJson(output.slice(eol + 1, close).trim());
      if (data !== undefined) return data;
    }
    from = close + 3;
  }
}
