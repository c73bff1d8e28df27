/**
 * The token rules, once: how a token answer's lifetimes become expiries. The same source text is
 * inlined into the collection's scripts at generation time and evaluated here for the batch
 * refresh, so the two can never disagree (they once did on `expires_in: 0`). Plain ES5 on
 * purpose: it runs in Postman's sandbox as it is.
 */
export const TOKEN_RULES_SOURCE = `/** A lifetime in seconds (number or numeric text, 0 included), or undefined when not usable. */
function anafSeconds(value) {
  if (value === undefined || value === null || String(value).trim() === '') return undefined;
  var n = Number(value);
  return isFinite(n) && n >= 0 ? n : undefined;
}

/** A token's expiry (ms): its JWT exp when it has one, else now + the lifetime given, else undefined. */
function anafExpiryMs(jwtExpiryMs, lifetime, nowMs) {
  if (typeof jwtExpiryMs === 'number' && isFinite(jwtExpiryMs)) return jwtExpiryMs;
  var seconds = anafSeconds(lifetime);
  return seconds === undefined ? undefined : nowMs + seconds * 1000;
}`;

interface TokenRules {
  anafSeconds(value: unknown): number | undefined;
  anafExpiryMs(jwtExpiryMs: number | undefined, lifetime: unknown, nowMs: number): number | undefined;
}

// The very text the scripts carry, made callable (our own constant: no outside input reaches it).
const rules = new Function(
  `${TOKEN_RULES_SOURCE}\nreturn { anafSeconds: anafSeconds, anafExpiryMs: anafExpiryMs };`,
)() as TokenRules;

/** A lifetime in seconds, or undefined; see {@link TOKEN_RULES_SOURCE}. */
export const lifetimeSeconds = (value: unknown): number | undefined => rules.anafSeconds(value);

/** A token's expiry in ms: JWT `exp` first, else `nowMs` + `lifetime` seconds, else undefined. */
export const expiryMs = (
  jwtExpiryMs: number | undefined,
  lifetime: unknown,
  nowMs: number,
): number | undefined => rules.anafExpiryMs(jwtExpiryMs, lifetime, nowMs);
