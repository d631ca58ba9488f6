import { describe, expect, it } from 'vitest'
import { VARIANTS } from '../../shared/contract'
import { variantWarning } from '../../shared/catalog'
import { CATALOG, catalogVariants, chooseVariant, downloadMB, findCatalogEntry } from './catalog'

describe('the model catalog', () => {
  it('has its models with their published ImageNet top-1, each with a source and a licence', () => {
    const top1 = Object.fromEntries(CATALOG.map((e) => [e.repo, e.imagenetTop1]))
    expect(top1).toEqual({
      'Xenova/clip-vit-base-patch32': 63.3,
      'Xenova/clip-vit-base-patch16': 68.3,
      'Xenova/clip-vit-large-patch14': 75.5,
      'Xenova/clip-vit-large-patch14-336': 76.6,
      'Xenova/mobileclip_s0': 67.8,
      'Xenova/mobileclip_s1': 72.6,
      'Xenova/mobileclip_s2': 74.4,
      'Xenova/mobileclip_b': 76.8,
      'onnx-community/siglip2-base-patch16-224-ONNX': 78.2,
      'onnx-community/siglip2-base-patch16-256-ONNX': 79.1,
      // M-CLIP publishes retrieval figures, not ImageNet zero-shot
      'immich-app/XLM-Roberta-Large-Vit-B-32': null,
      'immich-app/XLM-Roberta-Large-Vit-L-14': null
    })
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length)
    for (const e of CATALOG) {
      const source = {
        mobileclip: /ml-mobileclip/,
        siglip2: /SigLIP 2 paper/,
        'openai-clip': /open_clip/,
        mclip: /M-CLIP publishes no/
      }
      expect(e.imagenetSource, e.id).toMatch(source[e.family])
      expect(e.licenceUrl, e.id).toMatch(/^https:\/\//)
      expect(e.sizes[e.defaultVariant], e.id).toBeDefined()
      expect(e.speed.imagesPerSecond[e.defaultVariant] ?? e.speed.imagesPerSecond.fp32, e.id).toBeGreaterThan(
        0
      )
    }
  })

  it('defaults MobileCLIP to fp32 and warns about quantizing it; CLIP defaults to quantized', () => {
    for (const e of CATALOG.filter((c) => c.family === 'mobileclip')) {
      expect(e.defaultVariant).toBe('fp32')
      expect(e.warnings.join(' ')).toMatch(/sensitive to quantization/)
      expect(e.licence).toMatch(/apple-ascl/)
      expect(e.speed.basis).toMatch(/^estimated/)
    }
    for (const e of CATALOG.filter((c) => c.family === 'openai-clip'))
      expect(e.defaultVariant).toBe('quantized')
  })

  it('shows SigLIP 2 as Apache-2.0, sizes marked as estimates, and says what its download adds', () => {
    for (const e of CATALOG.filter((c) => c.family === 'siglip2')) {
      expect(e.licence).toMatch(/^Apache-2\.0/)
      expect(e.repo).toMatch(/^onnx-community\/siglip2-base-patch16-(224|256)-ONNX$/)
      for (const v of catalogVariants(e)) expect(e.sizes[v]?.approx, `${e.id} ${v}`).toMatch(/^estimated/)
      expect(e.warnings.join(' ')).toMatch(/model_quantized\.onnx/)
      expect(e.speed.basis).toBe('measured')
    }
  })

  it('warns on downloading exactly MobileCLIP other than fp32, with the catalog entry’s own warning', () => {
    for (const e of CATALOG)
      for (const v of VARIANTS) {
        const w = variantWarning(e, v)
        if (e.family === 'mobileclip' && v !== 'fp32') expect(e.warnings, `${e.id} ${v}`).toContain(w)
        else expect(w, `${e.id} ${v}`).toBeNull()
      }
  })

  it('knows the input size of each geometry', () => {
    expect(CATALOG.map((e) => `${e.id}:${e.imageSize}`)).toEqual([
      'clip-vit-b32:224',
      'clip-vit-b16:224',
      'clip-vit-l14:224',
      'clip-vit-l14-336:336',
      'mobileclip-s0:256',
      'mobileclip-s1:256',
      'mobileclip-s2:256',
      'mobileclip-b:224',
      'siglip2-b16-224:224',
      'siglip2-b16-256:256',
      'mclip-xlmr-b32:224',
      'mclip-xlmr-l14:224'
    ])
  })

  it("lists M-CLIP's text encoders in Immich's layout, MIT, each for an openai model of its size", () => {
    const mclip = CATALOG.filter((c) => c.family === 'mclip')
    expect(mclip.map((e) => e.id)).toEqual(['mclip-xlmr-b32', 'mclip-xlmr-l14'])
    for (const e of mclip) {
      expect(e.layout).toBe('immich')
      expect(e.licence).toMatch(/^MIT/)
      expect(e.sizes.fp32?.approx, e.id).toMatch(/parameters x 4 bytes/)
      const image = findCatalogEntry(e.textEncoderFor ?? '')
      expect(image.family).toBe('openai-clip')
      expect(image.embedDim).toBe(e.embedDim)
    }
  })

  it('finds entries by id or repo, adds up download sizes, and checks variants', () => {
    const l = findCatalogEntry('Xenova/CLIP-vit-large-patch14-336')
    expect(l.id).toBe('clip-vit-l14-336')
    expect(catalogVariants(l)).toEqual(['quantized', 'fp32'])
    expect(downloadMB(l, 'quantized')).toBe(432)
    expect(downloadMB(l, 'fp16')).toBeNull()
    expect(chooseVariant(l)).toBe('quantized')
    expect(() => chooseVariant(l, 'fp16')).toThrow(/no fp16 variant on the Hub\. Variants: quantized, fp32/)
    expect(chooseVariant(findCatalogEntry('mobileclip-s2'))).toBe('fp32')
    expect(() => findCatalogEntry('clip-vit-h14')).toThrow(
      /No model "clip-vit-h14" in the catalog\. Models: clip-vit-b32/
    )
  })
})
