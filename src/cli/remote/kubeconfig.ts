// Where the remote commands connect and as whom, chosen as kubectl chooses: --kubeconfig,
// else KUBECONFIG, else ~/.kube/config (or the in-cluster service account); --context, else
// the current context; -n, else the context's namespace, else `default`.
import { KubeConfig } from '@kubernetes/client-node';
import { UsageError } from '../commands/io.js';

export interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface Connection {
  config: KubeConfig;
  /** The cluster's server URL, e.g. https://127.0.0.1:6443. */
  server: string;
  namespace: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Connection {
  const config = loadConfig(flags.kubeconfig ?? env.KUBECONFIG);
  const source = flags.kubeconfig ? `--kubeconfig ${flags.kubeconfig}` : env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : 'the default kubeconfig (~/.kube/config)';
  if (flags.context !== undefined) {
    const names = config.getContexts().map((context) => context.name);
    if (!names.includes(flags.context)) {
      throw new UsageError([`--context ${flags.context}: no such context in ${source}; fix: use one of ${names.join(', ') || '(none)'} (kubectl config get-contexts)`]);
    }
    config.setCurrentContext(flags.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new UsageError([`${source}: no current cluster (context "${config.getCurrentContext() || '(none)'}"); fix: pass --context <name> or --kubeconfig <file>, or set current-context`]);
  }
  const namespace = flags.namespace ?? config.getContextObject(config.getCurrentContext())?.namespace ?? 'default';
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
    const from = flags.namespace !== undefined ? '-n/--namespace' : `the namespace of context "${config.getCurrentContext()}"`;
    throw new UsageError([`${from} ${JSON.stringify(namespace)}: not a namespace name; fix: a lowercase DNS label of at most 63 characters, e.g. -n default`]);
  }
  return { config, server: cluster.server, namespace };
}

function loadConfig(file: string | undefined): KubeConfig {
  const config = new KubeConfig();
  try {
    // A KUBECONFIG list (a:b) is merged by loadFromDefault, which reads the same variable.
    if (file !== undefined && !file.includes(':')) config.loadFromFile(file);
    else config.loadFromDefault();
  } catch (error) {
    const what = file === undefined ? 'the default kubeconfig' : `--kubeconfig ${file}`;
    throw new UsageError([`${what}: cannot load (${(error as Error).message}); fix: point --kubeconfig (or KUBECONFIG) at a readable kubeconfig`]);
  }
  return config;
}

/** Checks a resource name given on the command line before it becomes part of a URL. */
export function checkName(what: string, name: string): string {
  if (name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    throw new UsageError([`${what} ${JSON.stringify(name)}: not a Kubernetes object name; fix: lowercase letters, digits, '-' and '.', at most 253 characters (ark status lists runs)`]);
  }
  return name;
}
