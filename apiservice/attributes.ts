// What a request asks to do, in SubjectAccessReview terms: the resource attributes of a
// route (group runtime.arkonis.dev, resource, subresource, name, namespace, verb), or the
// non-resource path and verb of anything else (discovery, unknown paths). Pure.
import { API_GROUP, API_PREFIX } from './discovery.js';

export interface ResourceAttributes {
  group: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  verb: string;
}

export type RequestAttributes =
  | { kind: 'resource'; attributes: ResourceAttributes }
  | { kind: 'nonResource'; path: string; verb: string };

/** `parent/sub` → the method that uses it (C3). */
const SUBRESOURCES: Readonly<Record<string, 'GET' | 'POST'>> = {
  'arkruns/log': 'GET', 'arkruns/retry': 'POST', 'arkruns/cancel': 'POST',
  'arkagents/tasks': 'POST', 'arkservices/tasks': 'POST', 'arkteams/runs': 'POST',
};

export function requestAttributes(method: string, path: string): RequestAttributes {
  const verb = method === 'POST' ? 'create' : method === 'GET' || method === 'HEAD' ? 'get' : method.toLowerCase();
  const parts = path.startsWith(`${API_PREFIX}/namespaces/`) ? path.slice(API_PREFIX.length + 1).split('/') : [];
  const [, namespace = '', resource = '', name = '', subresource] = parts;
  const resourceShaped = parts.length >= 4 && parts.length <= 5 && [namespace, resource, name, subresource ?? 'x'].every((p) => p !== '');
  if (resourceShaped) {
    const known = subresource === undefined ? resource === 'tasks' : SUBRESOURCES[`${resource}/${subresource}`] !== undefined;
    if (known) return { kind: 'resource', attributes: { group: API_GROUP, resource, subresource: subresource ?? '', name: decode(name), namespace: decode(namespace), verb } };
  }
  return { kind: 'nonResource', path, verb };
}

/** `create arkagents/tasks "a" in namespace "ns"` — how a 403 names the missing permission. */
export function describePermission(attributes: RequestAttributes): string {
  if (attributes.kind === 'nonResource') return `${attributes.verb} on path "${attributes.path}"`;
  const a = attributes.attributes;
  const resource = a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
  return `${a.verb} ${resource}.${a.group} "${a.name}" in namespace "${a.namespace}"`;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
