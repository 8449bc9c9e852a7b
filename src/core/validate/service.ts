// ArkService rules beyond the schema (which already checks the strategy enum and the port
// range): a port number may be exposed once; a protocol is expected once.
import type { ArkServiceSpec } from '../../api/index.js';
import { fieldError, fieldWarning } from '../issues.js';
import type { FieldIssue } from '../issues.js';

/**
 * Duplicate port numbers are errors (two listeners cannot share a port). A protocol listed
 * twice is a warning: both ports serve the same endpoint, so the second adds nothing.
 */
export function validateServiceSpec(spec: ArkServiceSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const portIndex = new Map<number, number>();
  const protocolIndex = new Map<string, number>();
  (spec.ports ?? []).forEach(({ port, protocol }, index) => {
    const samePort = portIndex.get(port);
    if (samePort === undefined) portIndex.set(port, index);
    else issues.push(fieldError(`spec.ports[${index}].port`, `port ${port} is already used by spec.ports[${samePort}]`, 'give each port a unique number'));
    const sameProtocol = protocolIndex.get(protocol);
    if (sameProtocol === undefined) protocolIndex.set(protocol, index);
    else issues.push(fieldWarning(`spec.ports[${index}].protocol`, `protocol ${protocol} is already exposed by spec.ports[${sameProtocol}]`, 'list each protocol once'));
  });
  return issues;
}
