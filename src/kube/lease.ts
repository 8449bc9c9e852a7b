// The operator's coordination.k8s.io/v1 Lease: read it, create it, or replace it at the
// resourceVersion it was read at, so two replicas racing for it cannot both win (the loser
// gets 409 Conflict and reads again next round).
import { CoordinationV1Api, V1MicroTime } from '@kubernetes/client-node';
import type { KubeConfig, V1Lease } from '@kubernetes/client-node';
import type { LeaseRecord } from '../controller/leader/plan.js';
import { statusCode } from './client.js';

export interface ReadLease {
  record: LeaseRecord;
  resourceVersion: string;
}

export class KubeLease {
  private readonly api: CoordinationV1Api;

  constructor(config: KubeConfig, readonly namespace: string, readonly name: string) {
    this.api = config.makeApiClient(CoordinationV1Api);
  }

  async read(): Promise<ReadLease | undefined> {
    try {
      const lease = await this.api.readNamespacedLease({ namespace: this.namespace, name: this.name });
      return { record: fromLease(lease), resourceVersion: lease.metadata?.resourceVersion ?? '' };
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  async create(record: LeaseRecord): Promise<void> {
    await this.api.createNamespacedLease({ namespace: this.namespace, body: this.toLease(record) });
  }

  /** Replaces the Lease read at `resourceVersion`; throws (409) when someone wrote it since. */
  async replace(record: LeaseRecord, resourceVersion: string): Promise<void> {
    const body = this.toLease(record);
    body.metadata = { ...body.metadata, resourceVersion };
    await this.api.replaceNamespacedLease({ namespace: this.namespace, name: this.name, body });
  }

  private toLease(record: LeaseRecord): V1Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace },
      spec: {
        holderIdentity: record.holder, leaseDurationSeconds: record.durationSeconds, leaseTransitions: record.transitions,
        acquireTime: new V1MicroTime(record.acquireMs), renewTime: new V1MicroTime(record.renewMs),
      },
    };
  }
}

function fromLease(lease: V1Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  return {
    holder: spec.holderIdentity ?? '', durationSeconds: spec.leaseDurationSeconds ?? 0, transitions: spec.leaseTransitions ?? 0,
    acquireMs: millis(spec.acquireTime), renewMs: millis(spec.renewTime),
  };
}

function millis(time: unknown): number {
  if (time instanceof Date) return time.getTime();
  return typeof time === 'string' ? Date.parse(time) : 0;
}
