import { describe, expect, it } from 'vitest';
import { formatIssueAt, parseYamlDocuments } from '../documents.js';
import { validateDocument } from './index.js';
import { document, lines } from './testing.js';

const cookbook = String.raw`# ARKONIS cookbook style: typed inputs, limits, pod fields, output checks, loops.
apiVersion: arkonis.dev/v1alpha1
kind: ArkTeam
metadata:
  name: research-team
spec:
  inputs:
    - name: topic
      type: string
      required: true
      description: What to research
    - name: depth
      type: integer
      default: 2
  maxTokens: 50000
  limits:
    maxDailyTokens: 1000000
  roles:
    - name: researcher
      model: gpt-4o
      systemPrompt: You research topics thoroughly.
      limits:
        maxTokensPerCall: 4000
        timeoutSeconds: 60
      envFrom:
        - secretRef:
            name: openai-key
      resources:
        limits:
          memory: 256Mi
    - name: enricher
      model: claude-sonnet-4-20250514
      systemPromptRef:
        configMapKeyRef:
          name: enricher-prompt
    - name: formatter
      arkAgent: shared-formatter
  pipeline:
    - role: researcher
      inputs:
        prompt: "Research {{ .input.topic }} to depth {{ .input.depth | printf \"%d\" }}"
      outputSchema: |
        {"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"]}
      validate:
        contains: '^\s*\{'
        rejectPatterns: ['(?i)ignore\s+previous']
        schema: |
          {"type": "object", "properties": {"confidence": {"type": "number", "maximum": 1}}}
        semantic: Is this a faithful summary of the sources?
        onFailure: retry
        maxRetries: 3
    - role: enricher
      dependsOn: [researcher]
      inputs:
        prompt: "Enrich: {{ .steps.researcher.output }}"
      loop:
        condition: '{{ ge (index .steps.enricher.data "confidence" | float64) 0.8 }}'
        maxIterations: 3
    - role: formatter
      dependsOn: [enricher]
      if: '{{ .steps.enricher.data.ok }}'
      inputs:
        prompt: "Format {{ .steps.enricher.data.summary | default \"none\" }}"
  output: "{{ .steps.formatter.output }}"
---
apiVersion: arkonis.dev/v1alpha1
kind: ArkTeam
metadata:
  name: dynamic-team
spec:
  entry: coordinator
  roles:
    - name: coordinator
      model: gpt-4o
      systemPrompt: You coordinate.
      canDelegate: [researcher, writer]
    - name: researcher
      model: gpt-4o-mini
      systemPrompt: You research.
    - name: writer
      model: qwen2.5:7b
      systemPrompt: You write.
      env:
        - name: OPENAI_BASE_URL
          value: http://ollama.ollama.svc:11434/v1
---
apiVersion: arkonis.dev/v1alpha1
kind: ArkService
metadata:
  name: research-svc
spec:
  selector:
    arkAgent: researcher
  routing:
    strategy: least-busy
  ports:
    - protocol: HTTP
      port: 8081
    - protocol: A2A
      port: 9090
---
apiVersion: arkonis.dev/v1alpha1
kind: ArkAgent
metadata:
  name: researcher
spec:
  replicas: 2
  model: gpt-4o
  systemPromptRef:
    secretKeyRef:
      name: prompts
  livenessProbe:
    type: semantic
    validatorPrompt: Reply with OK.
  mcpServers:
    - name: web
      url: http://mcp-web.tools.svc:8080/mcp
      headers:
        - name: Authorization
          valueFrom:
            secretKeyRef: {name: mcp, key: token}
  tools:
    - name: lookup
      url: http://lookup.tools.svc/api
      inputSchema: |
        {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}
---
apiVersion: arkonis.dev/v1alpha1
kind: ArkRun
metadata:
  name: research-run-1
spec:
  teamRef: {name: research-team}
  input: {topic: AI}
---
apiVersion: arkonis.dev/v1alpha1
kind: ArkBudget
metadata:
  name: team-budget
spec:
  selector: {team: research-team}
  period: weekly
  maxTokens: 2000000
  warnAtPercent: 80
`;

describe('validateDocument', () => {
  const { documents, issues } = parseYamlDocuments(cookbook, 'cookbook.yaml');

  it('accepts ARKONIS cookbook YAML without errors or warnings', () => {
    expect(issues).toEqual([]);
    const results = documents.map((doc) => validateDocument(doc.value));
    expect(results.map((r) => r.kind)).toEqual(['ArkTeam', 'ArkTeam', 'ArkService', 'ArkAgent', 'ArkRun', 'ArkBudget']);
    expect(results.flatMap((r) => lines(r.issues))).toEqual([]);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('returns the defaulted value', () => {
    const team = validateDocument(documents[0]?.value).value;
    expect(team?.kind).toBe('ArkTeam');
    if (team?.kind !== 'ArkTeam') return;
    expect(team.spec.roles[1]).toMatchObject({
      replicas: 1,
      limits: { maxTokensPerCall: 8000, timeoutSeconds: 120, maxConcurrentTasks: 5 },
      systemPromptRef: { configMapKeyRef: { name: 'enricher-prompt', key: 'prompt' } },
    });
    expect(team.spec.roles[2]).toEqual({ name: 'formatter', arkAgent: 'shared-formatter' });
    expect(team.spec).toMatchObject({ successfulRunsHistoryLimit: 10, failedRunsHistoryLimit: 5 });
    const run = validateDocument(documents[4]?.value).value;
    expect(run?.metadata.labels).toEqual({ 'arkonis.dev/team': 'research-team' });
    const service = validateDocument(documents[2]?.value).value;
    expect(service?.kind === 'ArkService' && service.spec.routing.strategy).toBe('least-busy');
  });

  it('is ok with warnings and not ok with errors', () => {
    const warned = validateDocument(document('ArkAgent', { model: 'm', systemPrompt: 'p', promt: 'x' }));
    expect(warned.ok).toBe(true);
    expect(warned.value?.spec).not.toHaveProperty('promt');
    const failed = validateDocument(document('ArkAgent', { model: 'm' }));
    expect(failed.ok).toBe(false);
    expect(failed.value).toBeDefined();
    const broken = validateDocument(document('ArkAgent', {}));
    expect(broken).toMatchObject({ kind: 'ArkAgent', ok: false });
    expect(broken.value).toBeUndefined();
  });

  it('points issues at their YAML lines', () => {
    const text = cookbook.replace('dependsOn: [researcher]', 'dependsOn: [reseacher]').replace('strategy: least-busy', 'strategy: fastest');
    const parsed = parseYamlDocuments(text, 'cookbook.yaml');
    const out = parsed.documents.flatMap((doc) =>
      validateDocument(doc.value).issues.map((issue) => formatIssueAt('cookbook.yaml', doc.lineOf(issue.path), issue)));
    expect(out).toEqual([
      'cookbook.yaml:53: spec.pipeline[1].dependsOn[0]: unknown step "reseacher"; fix: use one of researcher, formatter (did you mean "researcher"?)',
      'cookbook.yaml:55: spec.pipeline[1].inputs.prompt: line 1, column 12: step "researcher" may not have run yet; fix: add researcher to dependsOn',
      'cookbook.yaml:95: spec.routing.strategy: "fastest" is not one of round-robin, least-busy, random',
    ]);
  });

  it('checks the input of a run that carries its team snapshot', () => {
    const run = (input: Record<string, unknown>) => validateDocument(document('ArkRun', {
      teamRef: { name: 't' },
      input,
      teamSpec: { roles: [{ name: 'a', model: 'm', systemPrompt: 'p' }], entry: 'a', inputs: [{ name: 'topic', required: true }] },
    }));
    expect(run({ topic: 'AI' }).ok).toBe(true);
    expect(lines(run({}).issues)).toEqual(['error: spec.input: missing required input: topic; fix: set spec.input.topic']);
  });
});
