// How the HTTPS servers answer a request they cannot take: a Kubernetes Status with a reason,
// 400 for anything the client sent wrong (bad JSON, too large, wrong type), never a stack.
import type { ErrorRequestHandler } from 'express';

export interface StatusBody {
  apiVersion: 'v1';
  kind: 'Status';
  status: 'Failure';
  message: string;
  reason: string;
  code: number;
}

export function statusBody(code: number, reason: string, message: string): StatusBody {
  return { apiVersion: 'v1', kind: 'Status', status: 'Failure', message, reason, code };
}

/** Default request body cap: kube-apiserver's own limit on a request (3 MiB). */
export const DEFAULT_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/** Express error middleware: body-parser failures become 400s; anything else a 500 Status without internals. */
export function renderErrors(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const parserError = error as BodyParserError;
    if (parserError.type === 'entity.too.large') {
      res.status(400).json(statusBody(400, 'RequestEntityTooLarge', `request body exceeds the limit of ${parserError.limit ?? DEFAULT_BODY_LIMIT_BYTES} bytes`));
    } else if (parserError.type === 'entity.parse.failed') {
      res.status(400).json(statusBody(400, 'BadRequest', `request body is not valid JSON: ${parserError.message ?? 'parse error'}`));
    } else if (parserError.status !== undefined && parserError.status >= 400 && parserError.status < 500) {
      res.status(400).json(statusBody(400, 'BadRequest', parserError.message ?? 'bad request'));
    } else {
      onUnexpected(error);
      res.status(500).json(statusBody(500, 'InternalError', 'internal error; see the server log'));
    }
  };
}
