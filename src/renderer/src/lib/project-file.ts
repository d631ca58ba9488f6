// The default file of a new project: named after the project (slugified), never an existing file.

/** "Cats & Dogs (2024)" -> "cats-dogs-2024"; letters of any script are kept, the rest become '-'. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
}

/** `<slug>.zebra`, or `<slug>-2.zebra`, `-3`… when that name is taken in the folder. */
export function freeProjectFileName(name: string, taken: Iterable<string>): string {
  const base = slugify(name) || 'my-project'
  const names = new Set([...taken].map((n) => n.toLowerCase()))
  if (!names.has(`${base}.zebra`)) return `${base}.zebra`
  for (let i = 2; ; i++) if (!names.has(`${base}-${i}.zebra`)) return `${base}-${i}.zebra`
}

/** `/x`, `\x`, `\\server\share` or `C:\x` / `C:/x`: a path that does not depend on a folder. */
export function isAbsolutePath(p: string): boolean {
  return /^[\\/]/.test(p) || /^[A-Za-z]:[\\/]/.test(p)
}

/**
 * What the project-file box holds after an edit. A path pasted or typed at the end of the
 * suggested one (`…/projects/mini.zebra/home/me/birds.zebra`) would name a file inside a file:
 * when the box starts with the suggestion and the rest is an absolute path, the rest stands alone.
 */
export function typedProjectPath(suggested: string, value: string): string {
  if (!suggested || !value.startsWith(suggested) || value === suggested) return value
  const rest = value.slice(suggested.length)
  if (/^[A-Za-z]:[\\/]/.test(rest) || /^[\\/]{2}/.test(rest)) return rest
  // `mini.zebra` + `/home/me/x.zebra`, or a separator the box already ended with
  if (/^[\\/]./.test(rest) && /\.(zebra|sqlite|db)$/i.test(suggested)) return rest
  return value
}

/**
 * The file project.create gets: an absolute path as typed; a bare or relative name goes into the
 * folder the suggestion was in (the server's working folder means nothing to someone in the app).
 */
export function projectFileFor(typed: string, defaultDir: string): string {
  const t = typed.trim()
  if (!t || isAbsolutePath(t) || !defaultDir) return t
  const sep = defaultDir.includes('\\') && !defaultDir.includes('/') ? '\\' : '/'
  return `${defaultDir.replace(/[\\/]+$/, '')}${sep}${t.replace(/^\.[\\/]/, '')}`
}
