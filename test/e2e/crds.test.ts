// The generated CRDs and the shipped examples against a real kube-apiserver, driven with kubectl:
// install, create, printer columns, explain, the scale subresource, schema rejection, and RBAC
// for a service-account token.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubeEnv, kubectl, kubectlJson, writeTokenKubeconfig } from '../support/kube.js';
import { waitFor } from '../../hack/kube-env/net.js';

const NS = 'e2e-crds';
const CRD_DIR = 'manifests/crds';
const crdFiles = readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'));
const yamlExamples = readdirSync('examples').filter((f) => f.endsWith('.yaml')).sort();
// Kubernetes manifests only (scripted mock replies live in examples/mock/, which kubectl -f examples/ skips).
const exampleFiles = yamlExamples.filter((f) => isManifest(join('examples', f)));

const agent = (name: string, spec: Record<string, unknown>): string =>
  JSON.stringify({ apiVersion: 'arkonis.dev/v1alpha1', kind: 'ArkAgent', metadata: { name, namespace: NS }, spec });

describe('CRDs on a real kube-apiserver', () => {
  beforeAll(async () => {
    // Server-side apply: big CRDs overflow the client-side last-applied annotation.
    await kubectl(['apply', '--server-side', '-f', CRD_DIR]);
    await kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crdFiles.map((f) => `crd/${crdName(f)}`)]);
    await kubectl(['create', 'namespace', NS]);
  });

  it('installs every generated CRD with accepted names', async () => {
    expect(crdFiles.length).toBeGreaterThan(0);
    for (const file of crdFiles) {
      const crd = await kubectlJson<{ status: { conditions: { type: string; status: string }[] } }>(['get', 'crd', crdName(file)]);
      const accepted = crd.status.conditions.find((c) => c.type === 'NamesAccepted');
      expect(accepted?.status, file).toBe('True');
    }
  });

  it('treats every example except mock-provider scripts as a manifest', () => {
    expect(exampleFiles.length).toBeGreaterThan(0);
    expect(yamlExamples.filter((f) => !exampleFiles.includes(f)).every((f) => f.endsWith('.mock.yaml'))).toBe(true);
  });

  it.each(exampleFiles)('creates every object in examples/%s', async (file) => {
    const { stdout } = await kubectl(['create', '-f', join('examples', file)]);
    expect(stdout).toMatch(/created/);
  });

  it('lists agents and teams with their printer columns', async () => {
    await kubectl(['create', '-f', '-'], { stdin: agent('writer', { model: 'gpt-4o', systemPrompt: 'Write.' }) });
    const team = {
      apiVersion: 'arkonis.dev/v1alpha1',
      kind: 'ArkTeam',
      metadata: { name: 'blog', namespace: NS },
      spec: { roles: [{ name: 'writer', model: 'mock', systemPrompt: 'Write.' }], pipeline: [{ role: 'writer', inputs: { prompt: 'hi' } }] },
    };
    await kubectl(['create', '-f', '-'], { stdin: JSON.stringify(team) });
    const { stdout } = await kubectl(['get', 'arkagents,arkteams', '-n', NS]);
    expect(stdout).toMatch(/NAME\s+MODEL\s+REPLICAS\s+READY\s+TOKENS\(24H\)\s+AGE/);
    expect(stdout).toMatch(/arkagent\.arkonis\.dev\/writer\s+gpt-4o\s+1\s/);
    expect(stdout).toMatch(/NAME\s+PHASE\s+LAST RUN\s+AGE/);
    expect(stdout).toMatch(/arkteam\.arkonis\.dev\/blog/);
  });

  it('explains spec.limits from the schema descriptions', async () => {
    const { stdout } = await kubectl(['explain', 'arkagent.spec.limits']);
    expect(stdout).toMatch(/KIND:\s+ArkAgent/);
    expect(stdout).toMatch(/maxTokensPerCall/);
    expect(stdout).toMatch(/timeoutSeconds/);
  });

  it('scales an agent through the scale subresource', async () => {
    await kubectl(['create', '-f', '-'], { stdin: agent('scaled', { model: 'mock', systemPrompt: 'x' }) });
    await kubectl(['scale', '-n', NS, 'arkagent/scaled', '--replicas=3']);
    const { stdout } = await kubectl(['get', '-n', NS, 'arkagent', 'scaled', '-o', 'jsonpath={.spec.replicas}']);
    expect(stdout).toBe('3');
    const raw = await kubectl(['get', '--raw', `/apis/arkonis.dev/v1alpha1/namespaces/${NS}/arkagents/scaled/scale`]);
    const scale = JSON.parse(raw.stdout) as { kind: string; spec: { replicas: number } };
    expect(scale.kind).toBe('Scale');
    expect(scale.spec.replicas).toBe(3);
  });

  it('rejects invalid objects server-side with field paths', async () => {
    const tooMany = await kubectl(['create', '-f', '-'], { stdin: agent('too-many', { model: 'mock', replicas: 500 }), allowFailure: true });
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.stderr).toMatch(/spec\.replicas: Invalid value: 500: spec\.replicas in body should be less than or equal to 50/);
    const noModel = await kubectl(['create', '-f', '-'], { stdin: agent('no-model', { systemPrompt: 'x' }), allowFailure: true });
    expect(noModel.code).not.toBe(0);
    expect(noModel.stderr).toMatch(/spec\.model: Required value/);
  });

  it('denies a service-account token without RBAC and allows it after a RoleBinding', async () => {
    await kubectl(['create', 'serviceaccount', 'reader', '-n', NS]);
    const { stdout: token } = await kubectl(['create', 'token', 'reader', '-n', NS, '--duration=10m']);
    const asReader = await writeTokenKubeconfig(join(kubeEnv().stateDir, 'reader.kubeconfig'), token.trim());
    const getAgents = (): Promise<{ code: number; stderr: string; stdout: string }> =>
      kubectl(['get', 'arkagents', '-n', NS], { env: { KUBECONFIG: asReader }, allowFailure: true });

    const denied = await getAgents();
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/Forbidden.*User "system:serviceaccount:e2e-crds:reader" cannot list resource "arkagents"/);

    await kubectl(['create', 'role', 'agent-reader', '-n', NS, '--verb=get,list,watch', '--resource=arkagents.arkonis.dev']);
    await kubectl(['create', 'rolebinding', 'agent-reader', '-n', NS, '--role=agent-reader', `--serviceaccount=${NS}:reader`]);
    await waitFor('RBAC to allow the reader', async () => (await getAgents()).code === 0, 10_000);
    expect((await getAgents()).stdout).toMatch(/writer/);
  });
});

/** True when every YAML document in the file is a Kubernetes object (apiVersion + kind). */
function isManifest(file: string): boolean {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
  const objects = docs.filter((d) => d !== null && d !== undefined);
  return objects.length > 0 && objects.every((d) => typeof d === 'object' && 'apiVersion' in d && 'kind' in d);
}

function crdName(file: string): string {
  // arkonis.dev_arkagents.yaml → arkagents.arkonis.dev (controller-gen's file naming)
  const [group, plural] = file.replace(/\.yaml$/, '').split('_');
  return `${plural}.${group}`;
}
