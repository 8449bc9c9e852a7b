// admission.k8s.io/v1 AdmissionReview: decoding what kube-apiserver sends (anything else is a
// reason for a 400) and building the answer. Only the request fields the handlers read are
// decoded; the object itself is checked by the rules, not here.

export const REVIEW_API_VERSION = 'admission.k8s.io/v1';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export interface AdmissionRequest {
  uid: string;
  /** Kind of the object, e.g. ArkRun (`request.kind.kind`). */
  kind: string;
  operation: Operation;
  namespace: string;
  /** `status`, `scale`, …; empty for the main resource. */
  subResource: string;
  object: unknown;
  oldObject: unknown;
  dryRun: boolean;
}

export type Decoded = { request: AdmissionRequest } | { reason: string };

/** Decodes a parsed JSON body; a reason names the first field that is wrong. */
export function decodeReview(body: unknown): Decoded {
  if (!isRecord(body)) return { reason: `expected an ${REVIEW_API_VERSION} AdmissionReview object, got ${typeName(body)}` };
  if (body.apiVersion !== REVIEW_API_VERSION || body.kind !== 'AdmissionReview') {
    return { reason: `apiVersion/kind: expected ${REVIEW_API_VERSION} AdmissionReview, got ${short(body.apiVersion)} ${short(body.kind)}` };
  }
  const request = body.request;
  if (!isRecord(request)) return { reason: `request: expected an object, got ${typeName(request)}` };
  const { uid, operation } = request;
  if (typeof uid !== 'string' || uid === '') return { reason: `request.uid: expected a non-empty string, got ${short(uid)}` };
  if (typeof operation !== 'string' || !OPERATIONS.includes(operation)) {
    return { reason: `request.operation: expected one of ${OPERATIONS.join(', ')}, got ${short(operation)}` };
  }
  const kind = isRecord(request.kind) ? request.kind.kind : undefined;
  if (typeof kind !== 'string') return { reason: `request.kind.kind: expected a string, got ${short(kind)}` };
  const optionalText = (name: 'namespace' | 'subResource'): string | { reason: string } => {
    const value = request[name];
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : { reason: `request.${name}: expected a string, got ${short(value)}` };
  };
  const namespace = optionalText('namespace');
  const subResource = optionalText('subResource');
  if (typeof namespace !== 'string') return namespace;
  if (typeof subResource !== 'string') return subResource;
  if (request.dryRun !== undefined && request.dryRun !== null && typeof request.dryRun !== 'boolean') {
    return { reason: `request.dryRun: expected a boolean, got ${short(request.dryRun)}` };
  }
  return {
    request: {
      uid, kind, operation: operation as Operation, namespace, subResource,
      object: request.object ?? undefined, oldObject: request.oldObject ?? undefined, dryRun: request.dryRun === true,
    },
  };
}

export interface AdmissionAnswer {
  allowed: boolean;
  /** One line per problem; present when denied. */
  message?: string;
  code?: number;
  reason?: string;
  warnings?: string[];
  /** RFC 6902 operations; omitted or empty means no change. */
  patch?: readonly unknown[];
}

export interface AdmissionReviewResponse {
  apiVersion: typeof REVIEW_API_VERSION;
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; message: string; reason?: string };
    warnings?: string[];
    patchType?: 'JSONPatch';
    patch?: string;
  };
}

export function encodeReview(uid: string, answer: AdmissionAnswer): AdmissionReviewResponse {
  const response: AdmissionReviewResponse['response'] = { uid, allowed: answer.allowed };
  if (!answer.allowed) {
    response.status = { code: answer.code ?? 400, message: answer.message ?? 'denied' };
    if (answer.reason !== undefined) response.status.reason = answer.reason;
  }
  if (answer.warnings !== undefined && answer.warnings.length > 0) response.warnings = answer.warnings;
  if (answer.allowed && answer.patch !== undefined && answer.patch.length > 0) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(answer.patch)).toString('base64');
  }
  return { apiVersion: REVIEW_API_VERSION, kind: 'AdmissionReview', response };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** A value as shown in a reason, bounded so a huge field cannot blow up the answer. */
function short(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : typeName(value) === 'object' || Array.isArray(value) ? typeName(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
