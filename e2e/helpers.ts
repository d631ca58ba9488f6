// Small helpers shared by the specs: fixture folders, reading the project file and the CSV.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { ROOT, SCREENSHOTS } from './launch'
import { parse } from 'csv-parse/sync'

/** Copies the bundled sample images into <home>/images (optionally only some of them). */
export function sampleImages(home: string, only?: string[]): string {
  const dir = join(home, 'images')
  mkdirSync(dir, { recursive: true })
  cpSync(join(ROOT, 'resources', 'sample-images'), dir, {
    recursive: true,
    filter: (src) => !only || src.endsWith('sample-images') || only.some((f) => src.endsWith(f))
  })
  return dir
}

/** A text file with an image name: what a half-synced folder or a mislabelled download looks like. */
export function brokenImage(dir: string, name = 'x.jpg'): string {
  const f = join(dir, name)
  writeFileSync(f, 'this is not an image\n')
  return f
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

export interface CurrentRow {
  relPath: string
  kind: string
  label: string | null
}

/** The current decision of every reviewed image, straight from the project file. */
export function currentDecisions(projectFile: string): CurrentRow[] {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(
        `SELECT i.rel_path AS relPath, d.kind AS kind, l.name AS label
           FROM images i JOIN decisions d ON d.id = i.cur_decision
           LEFT JOIN labels l ON l.id = d.label_id
          WHERE i.rv = 1 ORDER BY i.rel_path`
      )
      .all() as CurrentRow[]
  } finally {
    db.close()
  }
}

export function decisionLog(projectFile: string): { kind: string; relPath: string }[] {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(
        `SELECT d.kind AS kind, i.rel_path AS relPath FROM decisions d JOIN images i ON i.id = d.image_id ORDER BY d.id`
      )
      .all() as { kind: string; relPath: string }[]
  } finally {
    db.close()
  }
}

/** The exported CSV as one record per row, keyed by the header (csv-parse: quotes, BOM, CRLF). */
export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[]
}
