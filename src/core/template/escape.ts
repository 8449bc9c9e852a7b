// The escaping builtins of Go text/template: urlquery (QueryEscape), html
// (HTMLEscapeString) and js (JSEscapeString), with Go's exact output.

import { utf8Bytes } from './values.js';

/** url.QueryEscape: unreserved characters stay, space becomes '+', the rest %XX (UTF-8). */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    const unreserved = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 45 || b === 46 || b === 95 || b === 126;
    if (unreserved) out += String.fromCharCode(b);
    else if (b === 32) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const HTML_ESCAPES: Record<string, string> = {
  '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD',
};

export function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D',
};

/** JSEscapeString: quotes, backslash and HTML-significant characters; control characters as \u00XX. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const mapped = JS_ESCAPES[ch];
    if (mapped !== undefined) out += mapped;
    else if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (!isPrintable(cp)) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** Approximates Go's unicode.IsPrint for the characters templates meet: controls and format characters are not printable. */
function isPrintable(cp: number): boolean {
  if (cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return false;
  return !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u.test(String.fromCodePoint(cp));
}
