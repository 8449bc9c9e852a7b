// plan(observed) → the Kubernetes Service an ArkService owns: named like the ArkService,
// one TCP port per spec.ports entry (named `<protocol lower case>-<port>`; an HTTP port
// targets the runtime's named container port `http` whatever its number, an A2A port the
// same number), the selector of the target ArkAgent's pods, and a controller owner
// reference. No spec.ports ⇒ no Service. Pure.
import { GROUP, VERSION } from '../../api/index.js';
import type { ArkServiceSpec } from '../../api/index.js';
import { agentSelector } from '../agent/labels.js';

/** The name of the agent container's HTTP port (deployment.ts), which HTTP Service ports target. */
const RUNTIME_HTTP_PORT = 'http';

export interface ServiceRef {
  namespace: string;
  name: string;
  uid: string;
}

export type ServicePort = NonNullable<ArkServiceSpec['ports']>[number];

/** `http-8080`, `a2a-9090`: a DNS label of at most 10 characters for any valid port. */
export function servicePortName(port: ServicePort): string {
  return `${port.protocol.toLowerCase()}-${port.port}`;
}

/** The Service as a server-side apply body, or undefined when the spec exposes no port. */
export function planService(owner: ServiceRef, spec: ArkServiceSpec): Record<string, unknown> | undefined {
  const ports = spec.ports ?? [];
  if (ports.length === 0) return undefined;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: {
      name: owner.name, namespace: owner.namespace,
      labels: { 'app.kubernetes.io/name': 'ark-service', 'app.kubernetes.io/managed-by': 'arkonis' },
      ownerReferences: [{ apiVersion: `${GROUP}/${VERSION}`, kind: 'ArkService', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      selector: agentSelector(spec.selector.arkAgent),
      ports: ports.map((port) => ({ name: servicePortName(port), protocol: 'TCP', port: port.port, targetPort: targetPortOf(port) })),
    },
  };
}

/** HTTP reaches the runtime's server (health, readiness, metrics) on any Service port; the runtime serves no A2A yet. */
function targetPortOf(port: ServicePort): number | string {
  return port.protocol === 'HTTP' ? RUNTIME_HTTP_PORT : port.port;
}
