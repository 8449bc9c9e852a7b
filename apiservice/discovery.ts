// Discovery documents of runtime.arkonis.dev/v1alpha1, as kube-aggregator and kubectl read
// them. Only subresources are served, so the parents are listed with no verbs: kubectl
// never picks this group for `kubectl get arkruns` (the CRDs of arkonis.dev keep that
// name), and `kubectl api-resources --api-group=runtime.arkonis.dev` still lists them.
export const API_GROUP = 'runtime.arkonis.dev';
export const API_VERSION = 'v1alpha1';
export const GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;
export const API_PREFIX = `/apis/${GROUP_VERSION}`;

interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
}

/** Every resource and subresource; a subresource has its parent's `namespaced` value. */
export const API_RESOURCES: readonly ApiResource[] = [
  { name: 'arkruns/log', singularName: '', namespaced: true, kind: 'ArkRunLog', verbs: ['get'] },
  { name: 'arkruns/retry', singularName: '', namespaced: true, kind: 'ArkRun', verbs: ['create'] },
  { name: 'arkruns/cancel', singularName: '', namespaced: true, kind: 'ArkRun', verbs: ['create'] },
  { name: 'arkagents/tasks', singularName: '', namespaced: true, kind: 'Task', verbs: ['create'] },
  { name: 'arkservices/tasks', singularName: '', namespaced: true, kind: 'Task', verbs: ['create'] },
  { name: 'arkteams/runs', singularName: '', namespaced: true, kind: 'ArkRun', verbs: ['create'] },
  { name: 'tasks', singularName: 'task', namespaced: true, kind: 'Task', verbs: ['get'] },
];

export function apiResourceList(): object {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: GROUP_VERSION, resources: API_RESOURCES };
}

export function apiGroup(): object {
  const version = { groupVersion: GROUP_VERSION, version: API_VERSION };
  return { kind: 'APIGroup', apiVersion: 'v1', name: API_GROUP, versions: [version], preferredVersion: version };
}

export function apiGroupList(): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [apiGroup()] };
}
