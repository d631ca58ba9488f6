// Which kind of two-tower model a folder holds, from config.json's model_type, and how its zero-shot
// scores become probabilities: CLIP's softmax over the labels at its temperature, or SigLIP's own
// sigmoid with the scale and bias it was trained with (read from the model, siglip-logits.ts).
export type ModelFamily = 'clip' | 'siglip'

export type ZeroShotScoring =
  { kind: 'softmax' } | { kind: 'sigmoid'; scale: number; bias: number; source: string }

/** 'siglip' for SigLIP and SigLIP 2 (both ship model_type "siglip" in the fixed-resolution layout). */
export function modelFamily(config: Record<string, unknown>): ModelFamily {
  const t = typeof config.model_type === 'string' ? config.model_type.toLowerCase() : ''
  return t === 'siglip' || t === 'siglip2' ? 'siglip' : 'clip'
}

/** transformers' defaults, which its config.json leaves out: SiglipTextConfig's 64 positions, CLIP's 77 */
export function defaultContextLength(family: ModelFamily): number {
  return family === 'siglip' ? 64 : 77
}
