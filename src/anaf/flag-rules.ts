/**
 * How a yes/no variable is read (`forceRefresh`, `noRefresh`), once for the scripts and the
 * harness. People type `1`, `yes` or `da` as often as `true`; a value that is none of the known
 * spellings is not guessed at (a misread `noRefresh` rotates a token the engine cannot save).
 * Plain ES5: inlined into the scripts as it is.
 */
export const FLAG_RULES_SOURCE = `/** true or false for the usual spellings (true/false, 1/0, yes/no, on/off, da/nu; '' is false); undefined otherwise. */
function anafFlagValue(text) {
  var v = String(text === undefined || text === null ? '' : text).trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no' || v === 'off' || v === 'nu') return false;
  if (v === 'true' || v === '1' || v === 'yes' || v === 'on' || v === 'da') return true;
  return undefined;
}`;

/** The spellings {@link flagValue} knows, for messages. */
export const FLAG_SPELLINGS = 'true/false, 1/0, yes/no, on/off, da/nu';

// The very text the scripts carry, made callable (our own constant: no outside input reaches it).
const read = new Function(`${FLAG_RULES_SOURCE}\nreturn anafFlagValue;`)() as (
  text: unknown,
) => boolean | undefined;

/** A yes/no variable's value: true, false, or undefined for an unknown spelling. */
export const flagValue = (text: unknown): boolean | undefined => read(text);
