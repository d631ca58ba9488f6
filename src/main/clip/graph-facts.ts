// What the ONNX graphs say about themselves, for what a model folder's configs leave out or get
// wrong: Xenova/mobileclip_*'s config.json is only {"model_type": "clip"} (no projection_dim), and a
// preprocessor_config.json that crops to another size than the vision graph takes would fail on
// every batch. Also whether the text encoder sees its padding (MobileCLIP's has no causal mask).
import type * as ort from 'onnxruntime-node'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import { cosine } from '../math/rows'

function tensorShape(
  meta: readonly ort.InferenceSession.ValueMetadata[],
  name?: string
): (number | string)[] {
  const m = name ? meta.find((v) => v.name === name) : meta[0]
  return m && m.isTensor ? [...m.shape] : []
}

/** The last dimension of an output when the graph declares it as a number (e.g. image_embeds [batch, 512]). */
export function declaredOutputDim(session: ort.InferenceSession, output: string): number | null {
  const d = tensorShape(session.outputMetadata, output).at(-1)
  return typeof d === 'number' && d > 0 ? d : null
}

/** The square input size of a vision graph (pixel_values [batch, 3, H, W]) when it declares one. */
function declaredImageSize(session: ort.InferenceSession): number | null {
  const s = tensorShape(session.inputMetadata)
  return s.length === 4 && typeof s[2] === 'number' && s[2] > 0 ? s[2] : null
}

/** Throws model_invalid when the preprocessing crops to another size than the vision graph takes. */
export function checkImageSize(session: ort.InferenceSession, file: string, cropSize: number): void {
  const size = declaredImageSize(session)
  if (size !== null && size !== cropSize) {
    throw new AppError(
      'model_invalid',
      `preprocessor_config.json crops images to ${cropSize} px but onnx/${basename(file)} takes ${size} px: the configs do not belong to this model. Download the model again or choose a matching folder.`,
      { file, cropSize, graphSize: size, remedy: 'choose_model' }
    )
  }
}

/**
 * Below this cosine between a prompt padded to its length and to the context length, the text
 * encoder sees its padding. openai CLIP's causal mask makes the two equal (fp32: 1e-6 apart; the
 * quantized graphs' per-batch activation scales move them ~1e-4); MobileCLIP's encoder, without
 * the mask, moves them far, so its prompts must always be padded to the context length (as
 * transformers.js users do with padding: 'max_length') or their embeddings depend on the batch.
 */
const PADDING_COSINE = 0.999

export async function seesPadding(
  embed: (ids: number[][], padTo?: number) => Promise<Float32Array[]>,
  ids: number[],
  contextLength: number
): Promise<boolean> {
  if (ids.length >= contextLength) return false
  const [short] = await embed([ids])
  const [full] = await embed([ids], contextLength)
  return cosine(short, full) < PADDING_COSINE
}
