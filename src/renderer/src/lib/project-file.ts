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
