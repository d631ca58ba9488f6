// Minimal RFC 4180 CSV: quoting on write, quoted fields and CRLF/LF on read.

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return ''
  const s = typeof v === 'string' ? v : String(v)
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\n'
}

/** Parses CSV text into rows of fields; a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let quoted = false
  let any = false
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += c
      continue
    }
    if (c === '"' && field === '') {
      quoted = true
      any = true
    } else if (c === ',') {
      row.push(field)
      field = ''
      any = true
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      if (any || field !== '') row.push(field)
      if (row.length > 0) rows.push(row)
      row = []
      field = ''
      any = false
    } else {
      field += c
      any = true
    }
  }
  if (any || field !== '') row.push(field)
  if (row.length > 0) rows.push(row)
  return rows
}
