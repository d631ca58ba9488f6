// `zebra models list` and `zebra models download --model <id>` end to end, from a working
// directory outside the repository; downloads come from a minimal Hub on 127.0.0.1 serving a
// MobileCLIP-layout folder (test/fixtures/geometries/mobileclip), so no network is needed.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CATALOG } from '../clip/catalog'
import { geometryModelDir, serveHubRepo } from '../clip/geometry-fixtures'
import { REPO, runZebra, workDir, type CliRun } from './testing/harness'
import { catalogMarkdownRows, type ModelRow } from './models-catalog'

const CWD = workDir()
const home = mkdtempSync(join(tmpdir(), 'zebra-catalog-home-'))
const zebra = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runZebra(args, { cwd: CWD, env: { ...process.env, ZEBRA_HOME: home, ...env } })

describe('zebra models list', () => {
  it('shows every catalog model with its sizes, speed, ImageNet top-1 and source, licence and warnings', async () => {
    const run = await zebra(['models', 'list'])
    expect(run.code, run.stderr).toBe(0)
    for (const e of CATALOG) {
      expect(run.stdout).toContain(`${e.name} (${e.repo}): not downloaded`)
      const top1 = e.imagenetTop1 === null ? ': none published' : ` ${e.imagenetTop1}%`
      expect(run.stdout).toContain(`ImageNet zero-shot top-1${top1} (${e.imagenetSource})`)
      expect(run.stdout).toContain(`zebra models download --model ${e.id}`)
    }
    expect(run.stdout).toMatch(/mobileclip-s0 .*\n.*\n {2}download fp32 215 MB, .*default fp32/)
    expect(run.stdout).toMatch(
      /warning: MobileCLIP's model card warns that its vision model is sensitive to quantization/
    )
    expect(run.stdout).toMatch(/^demo {2,}bundled/m)
  })

  it('lists the catalog as JSON', async () => {
    const run = await zebra(['models', 'list', '--json'])
    const rows = JSON.parse(run.stdout) as ModelRow[]
    expect(rows.filter((r) => r.catalog).map((r) => r.catalog!.id)).toEqual(CATALOG.map((c) => c.id))
    const l336 = rows.find((r) => r.name === 'Xenova/clip-vit-large-patch14-336')!
    expect(l336).toMatchObject({
      downloaded: false,
      variants: [],
      catalog: { imageSize: 336, imagenetTop1: 76.6 }
    })
  })
})

describe('zebra models download --model', () => {
  let hub: { url: string; close(): Promise<void> }
  let url = ''
  // a minimal Hub serving a MobileCLIP-layout folder (fp32 only) as Xenova/mobileclip_s0
  beforeAll(async () => {
    hub = await serveHubRepo('Xenova/mobileclip_s0', geometryModelDir('mobileclip'))
    url = hub.url
  })
  afterAll(() => hub.close())

  it('downloads a catalog model in its default variant (fp32 for MobileCLIP) and lists it', async () => {
    const dl = await zebra(['models', 'download', '--model', 'mobileclip-s0'], { ZEBRA_HUB_URL: url })
    expect(dl.code, dl.stderr).toBe(0)
    expect(dl.stderr).toMatch(/downloading Xenova\/mobileclip_s0 \(fp32\)/)
    const dir = join(home, 'models', 'Xenova--mobileclip_s0')
    expect(dl.stdout.trim()).toBe(dir)
    const rows = JSON.parse((await zebra(['models', 'list', '--json'])).stdout) as ModelRow[]
    expect(rows.find((r) => r.name === 'Xenova/mobileclip_s0')).toMatchObject({
      downloaded: true,
      variants: ['fp32']
    })
    // the folder works: config.json without projection_dim, 256 px bilinear, 77-padded prompts
    const emb = await zebra(['embed', '--model', dir, '--normalize', 'photos/tiny_31x17.png'])
    expect(emb.code, emb.stderr).toBe(0)
    expect((JSON.parse(emb.stdout.trim()) as { embedding: number[] }).embedding).toHaveLength(32)
  })

  it('refuses a variant the repo does not have, naming the ones it has, and warns about quantized MobileCLIP', async () => {
    const bad = await zebra(['models', 'download', '--model', 'clip-vit-l14-336', '--variant', 'fp16'], {
      ZEBRA_HUB_URL: url
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/ViT-L\/14@336 has no fp16 variant on the Hub\. Variants: quantized, fp32\./)
    const unknown = await zebra(['models', 'download', '--model', 'vit-h'], { ZEBRA_HUB_URL: url })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/No model "vit-h" in the catalog\. Models: clip-vit-b32, /)
    const q = await zebra(['models', 'download', '--model', 'mobileclip-s0', '--variant', 'quantized'], {
      ZEBRA_HUB_URL: url
    })
    expect(q.stderr).toMatch(/warning: MobileCLIP's model card warns/)
    // this Hub has no quantized graphs: a clear failure, nothing half-written is reported as done
    expect(q.code).toBe(1)
    expect(q.stderr).toMatch(/has no onnx\/text_model_quantized\.onnx/)
  })
})

describe('README', () => {
  it("has the catalog's table as catalog.ts says", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    const block = /<!-- catalog-table -->\n(?:.*\n){2}((?:\|.*\n)+)<!-- \/catalog-table -->/.exec(readme)
    expect(
      block?.[1].trimEnd().split('\n'),
      'README.md catalog table: npx tsx scripts/clip-models/readme-catalog.ts'
    ).toEqual(catalogMarkdownRows())
  })
})
