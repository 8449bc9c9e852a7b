// Builders for rule tests: small valid documents that a test changes one field of.
import { API_VERSION, arkTeamSpec } from '../../api/index.js';
import type { ArkTeamSpec, ArkTeamSpecInput } from '../../api/index.js';
import { formatIssue } from '../issues.js';
import type { FieldIssue } from '../issues.js';

/** A valid two-step pipeline team: research → write, with a declared `topic` input. */
export function teamSpecInput(): ArkTeamSpecInput {
  return {
    inputs: [{ name: 'topic', type: 'string', required: true }],
    roles: [
      { name: 'research', model: 'gpt-4o', systemPrompt: 'You research.' },
      { name: 'write', model: 'gpt-4o', systemPrompt: 'You write.' },
    ],
    pipeline: [
      { role: 'research', inputs: { prompt: 'Research {{ .input.topic }}' } },
      { role: 'write', dependsOn: ['research'], inputs: { prompt: 'Write about {{ .steps.research.output }}' } },
    ],
  };
}

/** Parses a team spec (as validateDocument would before running the team rules). */
export function teamSpec(change: (spec: ArkTeamSpecInput) => void = () => undefined): ArkTeamSpec {
  const spec = teamSpecInput();
  change(spec);
  return arkTeamSpec.parse(spec);
}

export function document(kind: string, spec: unknown, metadata: Record<string, unknown> = { name: 'example' }) {
  return { apiVersion: API_VERSION, kind, metadata, spec };
}

/** Issues as the lines users see, prefixed by severity, for compact assertions. */
export function lines(issues: readonly FieldIssue[]): string[] {
  return issues.map((issue) => `${issue.severity}: ${formatIssue(issue)}`);
}
