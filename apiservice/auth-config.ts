// The delegated-authentication settings kube-apiserver publishes in the ConfigMap
// kube-system/extension-apiserver-authentication: the client CA, the request-header
// (front-proxy) CA, the names a front-proxy cert may carry, and which headers hold the
// user. Parsing is pure; a field that does not parse is reported, never guessed.
import { X509Certificate } from 'node:crypto';

export const AUTH_CONFIGMAP = { namespace: 'kube-system', name: 'extension-apiserver-authentication' } as const;

export interface RequestHeaderConfig {
  cas: X509Certificate[];
  /** Empty: any cert signed by the CA is a front proxy. */
  allowedNames: string[];
  usernameHeaders: string[];
  uidHeaders: string[];
  groupHeaders: string[];
  extraHeaderPrefixes: string[];
}

export interface AuthConfig {
  /** CAs whose client certificates authenticate a user directly (CN user, O groups). */
  clientCas: X509Certificate[];
  requestHeader?: RequestHeaderConfig;
}

export const EMPTY_AUTH_CONFIG: AuthConfig = { clientCas: [] };

/** The configuration from the ConfigMap's data; throws naming the key that does not parse. */
export function parseAuthConfig(data: Readonly<Record<string, string>>): AuthConfig {
  const config: AuthConfig = { clientCas: parseBundle(data, 'client-ca-file') };
  const headerCas = parseBundle(data, 'requestheader-client-ca-file');
  if (headerCas.length > 0) {
    config.requestHeader = {
      cas: headerCas,
      allowedNames: list(data, 'requestheader-allowed-names'),
      usernameHeaders: lower(list(data, 'requestheader-username-headers')),
      uidHeaders: lower(list(data, 'requestheader-uid-headers')),
      groupHeaders: lower(list(data, 'requestheader-group-headers')),
      extraHeaderPrefixes: lower(list(data, 'requestheader-extra-headers-prefix')),
    };
  }
  return config;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseBundle(data: Readonly<Record<string, string>>, key: string): X509Certificate[] {
  const text = data[key];
  if (text === undefined || text.trim() === '') return [];
  return (text.match(PEM_BLOCK) ?? []).map((pem, index) => {
    try {
      return new X509Certificate(pem);
    } catch (error) {
      throw new Error(`${AUTH_CONFIGMAP.namespace}/${AUTH_CONFIGMAP.name} data["${key}"]: certificate ${index + 1} does not parse (${(error as Error).message})`, { cause: error });
    }
  });
}

/** kube-apiserver writes these as JSON arrays of strings. */
function list(data: Readonly<Record<string, string>>, key: string): string[] {
  const text = data[key];
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`${AUTH_CONFIGMAP.namespace}/${AUTH_CONFIGMAP.name} data["${key}"]: expected a JSON array of strings, got ${JSON.stringify(text.slice(0, 80))}`);
  }
  return parsed as string[];
}

function lower(values: string[]): string[] {
  return values.map((value) => value.toLowerCase());
}
