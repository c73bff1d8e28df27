/**
 * How ANAF's validation messages are read, once for the scripts and the TypeScript side. A `nok`
 * of `validare`/`transformare` words each failed rule in one of two forms (both from real answers,
 * tests/fixtures/anaf/README.md):
 *
 * - structured: `tipAssert=FailedAssert; codEroare=UBL-DT-17; localizareEroare=/Invoice;
 *   textEroare=[UBL-DT-17]-List name attribute should not be present; expresieValidata=not(//@listName)`;
 * - free: `E: validari globale  SCHEMATRON   eroare: [BR-CO-09]-The Seller VAT identifier …` or
 *   `E: AccountingSupplierParty (1) … eroare regula: R_BT_32_cui: Cui vanzator incorect / validare CUI (1234)`.
 *
 * Either becomes `CODE: text`; any other message is kept as it is. Plain ES5: inlined into the
 * scripts as it is.
 */
export const ANSWER_RULES_SOURCE = `/** A validation message as "code: text" (ANAF's structured and free forms); any other message unchanged. */
function anafRuleMessage(message) {
  var text = String(message === undefined || message === null ? '' : message);
  var code = /(?:^|;)\\s*codEroare=([^;]*)/.exec(text);
  if (code) {
    var words = /(?:^|;)\\s*textEroare=([\\s\\S]*?)(?=;\\s*(?:tipAssert|codEroare|localizareEroare|expresieValidata)=|$)/.exec(text);
    var id = code[1].trim();
    var said = words ? words[1].trim() : '';
    if (said.indexOf('[' + id + ']') === 0) said = said.slice(id.length + 2).replace(/^\\s*-\\s*/, '');
    return id + ': ' + (said || text.trim());
  }
  var rule = /eroare regula:\\s*([^\\s:]+)\\s*:\\s*([\\s\\S]*)$/.exec(text);
  if (rule) return rule[1] + ': ' + rule[2].trim();
  var bracketed = /eroare:\\s*\\[([^\\]]+)\\]\\s*-?\\s*([\\s\\S]*)$/.exec(text);
  if (bracketed) return bracketed[1].trim() + ': ' + bracketed[2].trim();
  return text;
}`;

// The very text the scripts carry, made callable (our own constant: no outside input reaches it).
const read = new Function(`${ANSWER_RULES_SOURCE}\nreturn anafRuleMessage;`)() as (
  message: unknown,
) => string;

/** A validation message as `CODE: text`, as the scripts show it; any other message unchanged. */
export const ruleMessage = (message: unknown): string => read(message);
