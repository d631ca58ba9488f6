// What to do about an error depends on where the person is: the CLI has flags, the app has
// buttons. Lower layers say what is wrong and a neutral way out in the message, and put a remedy
// key in details; each transport may add its own phrasing (the CLI names the flag). No message
// below the transports names a flag.

const REMEDIES = {
  /** a model is missing or broken */
  choose_model: {
    cli: 'give --model DIR (a CLIP folder in the Hugging Face ONNX layout) or --model demo; `zebra models download` fetches one',
    gui: 'on the Model screen, open a model folder, download one, or use the demo model'
  },
  /** the export folder is not empty */
  write_anyway: {
    cli: 'add --force to write into it anyway',
    gui: 'tick "Overwrite a non-empty folder" to write into it anyway'
  }
} as const

type Remedy = keyof typeof REMEDIES

function remedyOf(details: unknown): Remedy | null {
  const r = (details as { remedy?: unknown } | null | undefined)?.remedy
  return typeof r === 'string' && r in REMEDIES ? (r as Remedy) : null
}

/** The message as a transport shows it: with that transport's remedy when the error has one. */
export function phrased(err: { message: string; details?: unknown }, where: 'cli' | 'gui'): string {
  const r = remedyOf(err.details)
  return r ? `${err.message} (${REMEDIES[r][where]})` : err.message
}
