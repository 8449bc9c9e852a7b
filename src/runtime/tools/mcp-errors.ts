// Error text for MCP connections and calls. Header values sent to an MCP server are often
// credentials read from Secrets, so every message built here passes through redactSecrets
// before it leaves this module, and URLs are shown without user info or query values.

/** Shortest string treated as a secret; shorter header values are too common to scrub. */
const MIN_SECRET_LENGTH = 4;
/** Parts of a header value ("Bearer <token>") that are scrubbed on their own. */
const MIN_SECRET_PART_LENGTH = 8;

/**
 * The strings to scrub from messages: each header value and the long words inside it, and
 * the URL's user info and query values (some servers take an API key in the query).
 */
export function secretsOf(headers: Record<string, string>, rawUrl: string): string[] {
  const secrets = new Set<string>();
  for (const value of Object.values(headers)) {
    secrets.add(value);
    for (const part of value.split(/\s+/)) if (part.length >= MIN_SECRET_PART_LENGTH) secrets.add(part);
  }
  if (URL.canParse(rawUrl)) {
    const url = new URL(rawUrl);
    if (url.username || url.password) secrets.add(`${url.username}:${url.password}@`).add(url.password);
    secrets.add(url.search.slice(1));
    for (const value of url.searchParams.values()) secrets.add(value);
  }
  // Longest first, so a whole value is replaced before its parts.
  return [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) redacted = redacted.replaceAll(secret, '[redacted]');
  return redacted;
}

/** The URL as safe to print: no user info, query values elided. */
export function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const query = url.search ? '?…' : '';
    return `${url.protocol}//${url.host}${url.pathname}${query}`;
  } catch {
    return '(invalid URL)';
  }
}

/** One line saying what went wrong: timeouts and network causes (ECONNREFUSED, …) named. */
export function describeError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  if (error instanceof Error && error.name === 'AbortError') return 'cancelled';
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  if (code) return `${error.message} (${code})`;
  if (cause instanceof Error) return `${error.message}: ${cause.message}`;
  return error.message;
}
