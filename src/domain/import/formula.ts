/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one) as a formula, so
 * an exported note must not start so (CSV injection). The escape is one leading apostrophe, and it is
 * reversible: a note that already starts with apostrophes before such a character gets one more, and the
 * import takes exactly one away, so export → import gives every note back as it was.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function unescapeFormula(text: string): string {
  return ESCAPED.test(text) ? text.slice(1) : text;
}
