// CSV through csv-stringify / csv-parse (RFC 4180 quoting, BOMs, CRLF), plus formula-injection
// escaping on export: a spreadsheet runs a cell that begins with =, +, -, @, tab or CR as a formula
// (=HYPERLINK(...) exfiltrates, +cmd|... runs commands), and labels and file names come from users
// and folders. OWASP's fix: prefix such a text cell with a single quote. Numbers are not text: a
// negative probability or rank stays a number. `raw` writes values unchanged for tools, not people.
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'

const FORMULA_START = /^[=+\-@\t\r]/

export interface CsvWriteOptions {
  /** write text cells exactly as they are (no formula escaping) */
  raw?: boolean
}

/** A text cell a spreadsheet would evaluate, made inert; anything else unchanged. */
export function inertCell(v: unknown): unknown {
  return typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v
}

/** Rows (the first usually the header) as CSV text, one LF-terminated line per row. */
export function toCsv(rows: readonly (readonly unknown[])[], opts: CsvWriteOptions = {}): string {
  const cells = opts.raw ? rows : rows.map((r) => r.map(inertCell))
  return stringify(cells as unknown[][], {
    // cells with leading or trailing blanks are quoted so readers that trim keep them
    quoted_match: /^\s|\s$/,
    cast: { boolean: (b) => String(b) }
  })
}

/**
 * Parses CSV text into rows of fields, exactly as written (a BOM dropped, blank lines skipped, short
 * rows kept as they are). Throws csv-parse's CsvError, which names the line, for malformed input.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true
  }) as string[][]
}

/** The inverse of inertCell, for reading our own exports back ('=x is the label =x). */
export function unescapeCell(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s
}
