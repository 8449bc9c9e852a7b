// The built-in delegate(role, task) tool of dynamic mode: runs a task on another role of
// the same team and returns its answer. Only roles in canDelegate are allowed, and a role
// already on the delegation path cannot be delegated to again (no cycles at run time).
// Delegated tasks count toward the calling task's tokens; the run's maxTokens is checked
// before the calling step's tasks, not before each delegation. A delegated task's id comes
// from the calling task and the call's position (task-ids.ts), so a redelivered caller
// re-attaches to the delegations it already made.
import type { TaskDispatcher } from '../../engine/ports.js';
import { delegateTaskId } from '../../engine/task-ids.js';
import type { ToolBinding } from './types.js';

export function delegateTool(canDelegate: string[], dispatcher: TaskDispatcher): ToolBinding {
  return {
    spec: {
      name: 'delegate',
      description: `Hand a task to a specialist role and get its answer. Roles: ${canDelegate.join(', ')}.`,
      inputSchema: {
        type: 'object',
        properties: {
          role: { type: 'string', enum: canDelegate, description: 'The role to delegate to.' },
          task: { type: 'string', description: 'What the role should do, with all context it needs.' },
        },
        required: ['role', 'task'],
      },
    },
    async invoke(args, { signal, task, position }) {
      const role = String(args.role ?? '');
      const instruction = String(args.task ?? '');
      if (!canDelegate.includes(role)) throw new Error(`cannot delegate to "${role}"; allowed: ${canDelegate.join(', ')}`);
      const chain = [...(task.delegationChain ?? [task.role])];
      if (chain.includes(role)) throw new Error(`delegation cycle: ${[...chain, role].join(' → ')}`);
      if (!instruction.trim()) throw new Error('delegate needs a non-empty "task"');
      const outcome = await dispatcher.dispatch({
        id: delegateTaskId(task.id, position.turn, position.call, role), runId: task.runId, step: task.step, role, kind: 'delegate',
        prompt: instruction, inputs: { prompt: instruction }, delegationChain: [...chain, role],
        ...(task.deadline !== undefined ? { deadline: task.deadline } : {}),
      }, signal);
      return { content: outcome.output, usage: outcome.usage };
    },
  };
}
