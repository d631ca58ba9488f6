// The speed-test graphs bench/catalog-speed.ts times: ViT-B/32's (the reference every other graph is
// measured against) and the ones scripts/clip-models/make_speedtest.py writes into DIR/<name>/.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { speedtestOnnxDir } from './models'

export interface Graph {
  name: string
  file: string
  kind: 'vision' | 'text'
  imageSize: number
  batch: number
  /** text: tokens per prompt (every row padded to it) */
  tokens: number
  /** text: token ids drawn below this */
  vocab: number
  /** text: the graph also takes attention_mask (XLM-R: mean pooling over it) */
  mask: boolean
  output: string
}

/**
 * ViT-B/32's quiet-machine figures on 2 cores (../shared/README.md): the catalog's speeds are a
 * graph's CPU-time ratio to the B/32 graph it was measured after, times that graph's figure.
 */
export const QUIET: Record<string, number> = {
  'B/32 vision fp32': 22,
  'B/32 vision quantized': 32,
  'B/32 text fp32': 29
}

/** The B/32 graph to measure just before g: same kind and variant, or, lacking a quiet figure for
 * that (quantized text), the same kind's fp32 one. */
export function baselineName(g: Graph): string {
  const same = `B/32 ${g.kind} ${g.name.split(' ').at(-1)}`
  return same in QUIET ? same : `B/32 ${g.kind} fp32`
}

type Opts = Partial<Omit<Graph, 'name' | 'file' | 'kind'>>

export function speedGraphs(dir: string): Graph[] {
  const b32 = speedtestOnnxDir()
  const g: Graph[] = []
  const add = (name: string, d: string, kind: Graph['kind'], o: Opts, file = `${kind}_model`): void => {
    for (const suffix of ['', '_quantized']) {
      const f = join(d, `${file}${suffix}.onnx`)
      if (!existsSync(f)) continue
      g.push({
        name: `${name} ${suffix ? 'quantized' : 'fp32'}`,
        file: f,
        kind,
        imageSize: o.imageSize ?? 224,
        batch: o.batch ?? (kind === 'vision' ? 16 : 64),
        tokens: o.tokens ?? 77,
        vocab: o.vocab ?? 49408,
        mask: o.mask ?? false,
        output: o.output ?? (kind === 'vision' ? 'image_embeds' : 'text_embeds')
      })
    }
  }
  add('B/32 vision', b32, 'vision', {})
  add('B/32 text', b32, 'text', {})
  // B/32 re-quantized by scripts/clip-models/quantize.py: checks that quantizer against the Hub-made one
  add('B/32 vision (requantized)', join(dir, 'b32-requant'), 'vision', {})
  add('B/16 vision', join(dir, 'b16'), 'vision', {})
  // ViT-L/14's images cost 18x, at 336 px 40x B/32's: smaller batches keep a run short
  add('L/14 vision', join(dir, 'l14'), 'vision', { batch: 4 })
  add('L/14@336 vision', join(dir, 'l14-336'), 'vision', { imageSize: 336, batch: 2 })
  add('L/14 text', join(dir, 'l14-text'), 'text', {})
  // SigLIP 2 base (onnx-community/siglip2-base-patch16-*): ViT-B/16 with an attention-pooling head;
  // its text tower always takes 64 tokens (the Gemma vocabulary: 256k rows)
  const siglip = { output: 'pooler_output' }
  add('SigLIP2-224 vision', join(dir, 'siglip2-224'), 'vision', siglip)
  add('SigLIP2-256 vision', join(dir, 'siglip2-256'), 'vision', { ...siglip, imageSize: 256 })
  add('SigLIP2 text', join(dir, 'siglip2-text'), 'text', { ...siglip, tokens: 64, vocab: 256000 })
  // M-CLIP's XLM-R text encoders as Immich exports them. With dynamic axes the app pads each batch
  // of 32 to its longest prompt (a label prompt is 10-16 XLM-R tokens with <s> and </s>); an export
  // fixed at [1, 77] runs one prompt at a time at 77 tokens
  for (const [size, label] of [
    ['base', 'XLM-R base'],
    ['large', 'XLM-R large']
  ]) {
    const d = join(dir, `xlmr-${size}-text`)
    const xlmr = { output: 'embedding', vocab: 250002, mask: true }
    add(`${label} text 16x32`, d, 'text', { ...xlmr, tokens: 16, batch: 32 })
    add(`${label} text 77x1`, d, 'text', { ...xlmr, tokens: 77, batch: 1 })
  }
  return g
}
