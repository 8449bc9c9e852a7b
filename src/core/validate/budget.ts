// ArkBudget rules beyond the schema: a selector picks a team or an agent, not both (a task
// of an agent inside a team would otherwise be counted against two budgets at once).
import type { ArkBudgetSpec } from '../../api/index.js';
import { fieldError } from '../issues.js';
import type { FieldIssue } from '../issues.js';

export function validateBudgetSpec(spec: ArkBudgetSpec): FieldIssue[] {
  const selector = spec.selector;
  if (selector?.team === undefined || selector.agent === undefined) return [];
  return [fieldError('spec.selector.agent', `selects both team "${selector.team}" and agent "${selector.agent}"`,
    'choose one: a budget per team or a budget per agent')];
}
