// Every answer of the aggregated API that is not a success is a Kubernetes Status, as
// kube-apiserver renders its own: kubectl shows `message`, clients branch on `reason`.
import type { Response } from 'express';
import { statusBody } from '../src/server/errors.js';
import type { StatusBody } from '../src/server/errors.js';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  retryAfterSeconds?: number;
}

export interface Status extends StatusBody {
  details?: StatusDetails;
}

/** An error a handler throws to answer with that Status; anything else is a 500. */
export class ApiError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Status {
    const status: Status = statusBody(this.code, this.reason, this.message);
    if (this.details !== undefined) status.details = this.details;
    return status;
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);
export const notFound = (message: string, details?: StatusDetails): ApiError => new ApiError(404, 'NotFound', message, details);
export const conflict = (message: string, details?: StatusDetails): ApiError => new ApiError(409, 'Conflict', message, details);
export const forbidden = (message: string, details?: StatusDetails): ApiError => new ApiError(403, 'Forbidden', message, details);

export function sendError(res: Response, error: ApiError): void {
  if (error.details?.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
  res.status(error.code).json(error.toStatus());
}
