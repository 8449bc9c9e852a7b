// Errors of the remote commands and how they are shown. Server errors read as kubectl shows
// them (`Error from server (Forbidden): <Status message>`); local problems name the flag,
// the value and the fix. Pure: no I/O, so the rendering is tested without a server.

/** A Kubernetes `Status` object, as every ARKONIS and Kubernetes API error carries. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; group?: string; causes?: { field?: string; message?: string }[] };
}

/** The server answered with an error: exit code 1. */
export class ServerError extends Error {
  constructor(readonly code: number, readonly status: KubeStatus, options?: ErrorOptions) {
    super(renderServerError(code, status), options);
    this.name = 'ServerError';
  }
}

/** The request never got an answer (refused, TLS, DNS, reset): exit code 1. */
export class ConnectError extends Error {
  constructor(readonly server: string, cause: unknown) {
    super(`Unable to connect to the server ${server}: ${(cause as Error).message ?? String(cause)}`, { cause });
    this.name = 'ConnectError';
  }
}

/** The reasons Kubernetes gives for an HTTP code when the body is not a Status. */
const REASONS: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  406: 'NotAcceptable', 409: 'Conflict', 410: 'Expired', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType',
  422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

/** Reads an error body: a Status when it is one, else a Status built from the code and text. */
export function statusFromBody(code: number, body: string): KubeStatus {
  try {
    const parsed = JSON.parse(body) as KubeStatus;
    if (parsed && typeof parsed === 'object' && parsed.kind === 'Status') return parsed;
  } catch {
    // not JSON: a proxy's or a plain server's text, shown as it is below
  }
  const text = body.trim().split('\n')[0]?.slice(0, 300) ?? '';
  const reason = REASONS[code];
  return { kind: 'Status', status: 'Failure', code, message: text || `the server answered HTTP ${code}`, ...(reason ? { reason } : {}) };
}

/** `Error from server (Reason): message`, plus one line per cause kubectl would list. */
export function renderServerError(code: number, status: KubeStatus): string {
  const reason = status.reason || REASONS[code];
  const message = status.message || `the server answered HTTP ${code}`;
  const head = reason ? `Error from server (${reason}): ${message}` : `Error from server: ${message}`;
  const causes = (status.details?.causes ?? [])
    .filter((cause) => cause.message && !message.includes(cause.message))
    .map((cause) => `  ${cause.field ? `${cause.field}: ` : ''}${cause.message}`);
  return [head, ...causes].join('\n');
}
