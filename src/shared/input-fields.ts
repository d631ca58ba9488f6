// The pieces of request input the invoke map is made of: paths, ids, and the text a person names
// things with, each limited once for every transport (the app, the bridge and the CLI parse with
// these).
import { z } from 'zod'

export const path = z.string().min(1).max(4096)
export const id = z.number().int().nonnegative()

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/

/**
 * A piece of text a person names things with: the one limit of its kind for every transport (the
 * app, the bridge and the CLI parse with these). Control characters (NUL, tab, line breaks) would
 * end up raw in exported files and prompts, so they are refused, saying so.
 */
function text(what: string, max: number, trim = true): z.ZodString {
  const s = trim ? z.string().trim() : z.string()
  return s
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .regex(NO_CONTROL, `${what} contains a control character (such as NUL, a tab or a line break)`)
}
export const labelName = text('a label name', 200)
export const labelDescription = text('a label description', 500)
export const templateText = text('a template', 500, false)
export const setName = text('a template set name', 200)
export const projectName = text('a project name', 200)

/** A new label: its name and, optionally, descriptions (extra prompts). */
export const labelInput = z.object({
  name: labelName,
  descriptions: z.array(labelDescription).max(20).optional()
})
export type LabelInput = z.infer<typeof labelInput>
