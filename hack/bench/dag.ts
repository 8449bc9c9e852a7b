// A layered DAG for benchmarks: `layers` × `width` steps, each depending on two steps of
// the layer before and quoting one of their outputs in its prompt.
import { API_VERSION } from '../../src/api/index.js';

export function layeredTeam(layers: number, width: number): unknown {
  const name = (layer: number, i: number): string => `s${layer}n${i}`;
  const roles = [];
  const pipeline = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let i = 0; i < width; i++) {
      roles.push({ name: name(layer, i), model: 'mock', systemPrompt: 'bench' });
      if (layer === 0) {
        pipeline.push({ role: name(layer, i), inputs: { prompt: `start {{ .input.topic }} ${i}` } });
        continue;
      }
      const deps = [name(layer - 1, i), name(layer - 1, (i + 1) % width)];
      pipeline.push({ role: name(layer, i), dependsOn: [...new Set(deps)], inputs: { prompt: `next {{ .steps.${deps[0]}.output }}` } });
    }
  }
  return {
    apiVersion: API_VERSION, kind: 'ArkTeam', metadata: { name: 'bench' },
    spec: { roles, pipeline, inputs: [{ name: 'topic', default: 'x' }] },
  };
}
