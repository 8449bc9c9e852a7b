// `ark init <dir>`: a starter project that runs at once with --provider mock.
import { mkdir, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { fsErrorLine } from '../fs-errors.js';
import { UsageError, type Io } from './io.js';

const QUICKSTART = `# A two-step pipeline: research a topic, then summarise it.
# Run it:  ark run quickstart.yaml --provider mock --watch --input topic="Kubernetes operators"
apiVersion: arkonis.dev/v1alpha1
kind: ArkTeam
metadata:
  name: quickstart
spec:
  inputs:
    - name: topic
      type: string
      description: What to research.
      default: AI agents on Kubernetes
  roles:
    - name: researcher
      model: gpt-4o-mini
      systemPrompt: You are a careful researcher. List the three most important facts.
    - name: writer
      model: gpt-4o-mini
      systemPrompt: You turn research notes into a short, clear summary.
  pipeline:
    - role: researcher
      inputs:
        prompt: "Research this topic: {{ .input.topic }}"
    - role: writer
      dependsOn: [researcher]
      inputs:
        prompt: |
          Summarise these notes in three sentences:
          {{ .steps.researcher.output }}
  output: "{{ .steps.writer.output }}"
`;

const README = `# ARKONIS starter

    ark run quickstart.yaml --provider mock --watch     # no keys needed
    OPENAI_API_KEY=... ark run quickstart.yaml --watch  # a real model
    ark validate quickstart.yaml                        # the admission rules, offline
    kubectl create -f quickstart.yaml                   # the same file in a cluster
`;

export async function initCommand(dir: string, io: Io): Promise<number> {
  const target = join(dir, 'quickstart.yaml');
  if (await exists(target)) throw new UsageError([`ark init ${dir}: ${target} already exists; fix: choose an empty directory`]);
  await attempt(dir, () => mkdir(dir, { recursive: true }));
  await attempt(target, () => writeFile(target, QUICKSTART));
  const readme = join(dir, 'README.md');
  if (!(await exists(readme))) await attempt(readme, () => writeFile(readme, README));
  io.out(`wrote ${target}\nnext: ark run ${target} --provider mock --watch`);
  return 0;
}

/** Runs one file-system step; its failure becomes a sentence naming the path. */
async function attempt(path: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    throw new UsageError([fsErrorLine('ark init:', path, error)]);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
