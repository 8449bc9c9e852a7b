// The relist reads the collection page by page, following continue tokens, and fills the
// store from every page; the watch that follows fails here (no server) and is retried.
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { LIST_PAGE_SIZE, Reflector } from './reflector.js';
import type { ListPage } from './reflector.js';
import { ObjectStore } from './store.js';

function unreachable(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return config;
}

describe('Reflector', () => {
  it('lists in pages, following continue tokens, and keeps every page', async () => {
    const pages: ListPage[] = [];
    const item = (name: string) => ({ metadata: { namespace: 'ns', name } });
    const store = new ObjectStore<string>();
    const changed: string[] = [];
    const reflector = new Reflector<string>({
      config: unreachable(), path: '/apis/arkonis.dev/v1alpha1/arkagents', store,
      transform: (object) => object.metadata?.name,
      onError: () => undefined,
      onChange: (_namespace, name) => changed.push(name),
      list: (page) => {
        pages.push(page);
        const rest = { 1: { continue: 'after-b' }, 2: { continue: 'after-c' }, 3: {} }[pages.length] ?? {};
        const items = { 1: [item('a'), item('b')], 2: [item('c')], 3: [item('d')] }[pages.length] ?? [];
        return Promise.resolve({ items, metadata: { resourceVersion: '7', ...rest } });
      },
    });
    await reflector.start();
    reflector.stop();
    expect(pages).toEqual([{ limit: LIST_PAGE_SIZE }, { limit: LIST_PAGE_SIZE, _continue: 'after-b' }, { limit: LIST_PAGE_SIZE, _continue: 'after-c' }]);
    expect(store.keys().map((key) => key.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(changed).toEqual(['a', 'b', 'c', 'd']);
    expect(reflector.synced()).toBe(true);
  });
});
