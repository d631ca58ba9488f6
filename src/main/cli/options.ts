// Options shared by the commands: model, variant and provider (validated by commander's .choices())
// and number arguments (.argParser()); a bad value is a usage error (exit 2, see run.ts). Every
// option given twice either adds to a list (`<x...>` options and those parsed by `collect`) or is
// refused (refuseRepeats): never does the last one silently win.
import { InvalidArgumentError, Option, type Command } from 'commander'
import { EXECUTION_PROVIDERS, VARIANTS, type ExecutionProvider, type Variant } from '../../shared/contract'
import { DEFAULT_REPO } from '../clip/download'

export interface ModelOpts {
  model?: string
  variant?: Variant
  ep?: ExecutionProvider
  threads?: number
}

export const modelOption = (): Option =>
  new Option(
    '--model <dir>',
    `CLIP model folder (Hugging Face ONNX layout), a downloaded owner/name, or "demo" (default: the downloaded ${DEFAULT_REPO})`
  )
export const variantOption = (): Option => new Option('--variant <variant>', 'onnx variant').choices(VARIANTS)
export const epOption = (): Option =>
  new Option('--ep <provider>', 'execution provider (default auto; env ZEBRA_EP)').choices(
    EXECUTION_PROVIDERS
  )

/** commander argParser: an integer of at least `min` */
export function intArg(name: string, min = 1): (v: string) => number {
  return (v) => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`${name} must be an integer of at least ${min}`)
    }
    return n
  }
}

/** commander argParser: a positive finite number */
export function positiveNumberArg(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v)
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`)
    return n
  }
}

/** commander argParser: a probability in [0, 1] */
export function probArg(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v)
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      throw new InvalidArgumentError(`${name} must be a number between 0 and 1`)
    }
    return n
  }
}

/** commander collector of a repeatable option: each use adds to the list */
export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v]
}

/**
 * Makes every single-value option of `cmd` refuse a second use (`--model a --model b`), which
 * commander would otherwise settle by keeping the last in silence. List options are left to add up.
 */
export function refuseRepeats(cmd: Command): void {
  for (const opt of cmd.options) {
    const takesValue = opt.required || opt.optional
    if (!takesValue || opt.variadic || opt.parseArg === collect) continue
    const parse = opt.parseArg
    let first: string | undefined
    opt.parseArg = <T>(v: string, prev: T): T => {
      if (first !== undefined)
        throw new InvalidArgumentError(
          `${opt.long ?? opt.flags} was given twice (${first}, then ${v}): give it once`
        )
      first = v
      return parse ? parse(v, prev) : (v as T)
    }
  }
}
