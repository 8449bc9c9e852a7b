// SSRF guard: URLs an agent pod calls (MCP servers, HTTP tools, model base URLs) must not
// point at link-local or cloud-metadata endpoints, which hand out node credentials.
// WHATWG URL parsing normalises IPv4 spellings (octal, hex, single integer) and IPv6
// compression first, so the checks below see one canonical form.

const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'metadata.goog']);

/** Why `url` is refused, or undefined when it may be called. Unparseable URLs are not judged here. */
export function forbiddenUrlReason(url: string): string | undefined {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  if (METADATA_HOSTS.has(hostname)) return `host ${hostname} is a cloud metadata endpoint`;
  if (hostname.startsWith('[')) return forbiddenIpv6(hostname.slice(1, -1));
  return forbiddenIpv4(hostname);
}

function forbiddenIpv4(host: string): string | undefined {
  const octets = parseIpv4(host);
  if (octets === undefined) return undefined;
  const [a, b] = octets;
  if (a === 169 && b === 254) return `${host} is a link-local address (169.254.0.0/16, cloud metadata)`;
  if (host === '100.100.100.200') return `${host} is the Alibaba Cloud metadata address`;
  if (octets.every((octet) => octet === 0)) return `${host} is the unspecified address`;
  return undefined;
}

function forbiddenIpv6(host: string): string | undefined {
  const groups = expandIpv6(host);
  if (groups === undefined) return undefined;
  // IPv4-mapped (::ffff:a.b.c.d) addresses reach the IPv4 target.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const high = groups[6] ?? 0;
    const low = groups[7] ?? 0;
    return forbiddenIpv4([high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'));
  }
  if (((groups[0] ?? 0) & 0xffc0) === 0xfe80) return `[${host}] is a link-local address (fe80::/10)`;
  if (groups.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return `[${host}] is the AWS metadata address`;
  if (groups.every((g) => g === 0)) return `[${host}] is the unspecified address`;
  return undefined;
}

function parseIpv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** Eight 16-bit groups of a canonical IPv6 text (as URL.hostname gives it), or undefined. */
function expandIpv6(host: string): number[] | undefined {
  const halves = host.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part === undefined || part === '' ? [] : part.split(':'));
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}
