import { describe, expect, it } from 'vitest';
import { validateDocument } from '../validate/index.js';
import { convertArkFlow } from './arkflow.js';

const flow = {
  apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkFlow', metadata: { name: 'f' },
  spec: {
    input: { topic: 'x' },
    timeoutSeconds: 60,
    steps: [
      { name: 'research', arkAgent: 'researcher', inputs: { prompt: 'About {{ .pipeline.input.topic }}' } },
      { name: 'sum', arkonisDeployment: 'writer', dependsOn: ['research'], prompt: 'Sum {{ .steps.research.output }}', if: '{{ .pipeline.input.topic }}' },
    ],
    output: '{{ .steps.sum.output }}',
  },
};

describe('convertArkFlow', () => {
  it('makes a role and a pipeline step of each step, rewriting .pipeline.input to .input', () => {
    const { team } = convertArkFlow(flow);
    expect(team).toEqual({
      apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkTeam', metadata: { name: 'f' },
      spec: {
        input: { topic: 'x' }, timeoutSeconds: 60, output: '{{ .steps.sum.output }}',
        roles: [{ name: 'research', arkAgent: 'researcher' }, { name: 'sum', arkAgent: 'writer' }],
        pipeline: [
          { role: 'research', inputs: { prompt: 'About {{ .input.topic }}' } },
          { role: 'sum', inputs: { prompt: 'Sum {{ .steps.research.output }}' }, dependsOn: ['research'], if: '{{ .input.topic }}' },
        ],
      },
    });
    expect(validateDocument(team).ok).toBe(true);
  });

  it('maps the ArkTeam paths of issues back to the ArkFlow fields', () => {
    const { originalPath } = convertArkFlow(flow);
    expect(originalPath('spec.roles[1].arkAgent')).toBe('spec.steps[1].arkAgent');
    expect(originalPath('spec.pipeline[0].role')).toBe('spec.steps[0].name');
    expect(originalPath('spec.pipeline[1].inputs.prompt')).toBe('spec.steps[1].prompt');
    expect(originalPath('spec.pipeline[0].inputs.prompt')).toBe('spec.steps[0].inputs.prompt');
    expect(originalPath('spec.timeoutSeconds')).toBe('spec.timeoutSeconds');
  });

  it('keeps unknown step fields on the role, so the schema names them', () => {
    const { team, originalPath } = convertArkFlow({ ...flow, spec: { steps: [{ name: 'a', arkAgent: 'b', colour: 'red' }] } });
    const result = validateDocument(team);
    expect(result.issues.map((issue) => originalPath(issue.path))).toContain('spec.steps[0].colour');
  });
});
