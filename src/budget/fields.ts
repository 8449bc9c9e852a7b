// Counter keys of the ledger adapters, built from the one names module.
import { usageCounterField, usageCountersKey } from '../queue/names.js';
import type { UsageScope } from './ledger.js';
import type { PeriodWindow } from './periods.js';

export function scopeField(scope: UsageScope): string {
  return scope.kind === 'namespace'
    ? usageCounterField(scope.namespace, 'namespace')
    : usageCounterField(scope.namespace, scope.kind, scope.name);
}

export function windowHashKey(prefix: string, window: Pick<PeriodWindow, 'period' | 'id'>): string {
  return usageCountersKey(prefix, window.period, window.id);
}
