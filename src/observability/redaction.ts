/**
 * The second net behind "log ids, never contents": masks values under sensitive keys and any
 * configured secret wherever it appears. Code must still never log a property value on purpose.
 */

export const REDACTED = '[redacted]';

/** Keys whose values are never logged, matched case-insensitively against the whole key. */
const SENSITIVE_KEY =
  /^(authorization|cookie|set-cookie|password|passwd|secret|client_?secret|token|access_?token|refresh_?token|id_?token|api_?key|authorization_?code|auth_?code|properties|property_?value|propertyvalue|value|values|body|email|phone|mobilephone|firstname|lastname|address|zip|message|inputs|headers|x-hubspot-signature(-v3)?)$/i;

const TOKEN_PATTERNS: RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\b(?:pat|CJ|CK|COr|CN)[A-Za-z0-9_-]{20,}/g, // HubSpot access/refresh/private-app token shapes
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, // e-mail addresses
];

export interface Redactor {
  (value: unknown): unknown;
  redactString(text: string): string;
}

/** Builds a redactor that masks sensitive keys, token shapes, e-mail addresses and the given secrets. */
export function createRedactor(secrets: readonly string[] = []): Redactor {
  const literal = secrets.filter((s) => s.length >= 8);

  const redactString = (text: string): string => {
    let out = text;
    for (const secret of literal) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
    return out;
  };

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8 || seen.has(value)) return '[truncated]';
    seen.add(value);
    if (value instanceof Error) return { name: value.name, message: redactString(value.message), code: (value as { code?: unknown }).code };
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) ? REDACTED : walk(v, depth + 1, seen);
    return out;
  };

  const redactor = ((value: unknown) => walk(value, 0, new WeakSet())) as Redactor;
  redactor.redactString = redactString;
  return redactor;
}
