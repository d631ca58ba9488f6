#!/usr/bin/python3
"""Trains the demo model: a tiny CLIP that knows only the demo world.

Plain-torch CLIP (transformers' CLIPModel layout and maths: pre-LN transformers with quick_gelu,
causal text mask, end-token pooling by argmax id, ViT with class token, pre/post LayerNorm,
bias-free projections), trained contrastively on data written by generate.ts (app renderer, app
preprocessing, app tokenizer). A caption can be true of many images in a batch ("a photo of a
star."), so the loss is CLIP's symmetric cross-entropy with every consistent pair as a positive.
Exports the Hugging Face ONNX layout (onnx/text_model.onnx: input_ids -> text_embeds,
last_hidden_state; onnx/vision_model.onnx: pixel_values -> image_embeds, last_hidden_state) and a
weight-quantized variant (uint8 + DequantizeLinear) written with onnx's own helpers.

  /usr/bin/python3 scripts/demo-world/train.py DATA_DIR OUT_MODEL_DIR [--minutes M] [--seed S]

Stage 6 (--chinese --freeze-vision --text-train new-tokens) teaches the text tower the world's
Chinese words against the fixed image embeddings of the resumed model, training only the token rows
that no English caption uses, so the image tower and every English prompt embed exactly as before.
"""
import argparse, hashlib, json, math, os, random, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(1, 3, 1, 1)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(1, 3, 1, 1)
CFG = dict(vocab=49408, ctx=77, text_width=32, text_layers=3, text_heads=2, text_mlp=128,
           image=64, patch=8, vision_width=48, vision_layers=3, vision_heads=4, vision_mlp=144, proj=32)


def quick_gelu(x):
    return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self, w, heads, mlp):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(w, eps=1e-5), nn.LayerNorm(w, eps=1e-5)
        self.q, self.k, self.v, self.o = (nn.Linear(w, w) for _ in range(4))
        self.fc1, self.fc2 = nn.Linear(w, mlp), nn.Linear(mlp, w)

    def forward(self, x, mask=None):
        b, n, w = x.shape
        h = self.ln1(x)
        hd = w // self.heads

        def split(t):
            return t.reshape(b, n, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.q(h) * hd ** -0.5), split(self.k(h)), split(self.v(h))
        a = q @ k.transpose(-1, -2)
        if mask is not None:
            a = a + mask
        a = (a.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w)
        x = x + self.o(a)
        return x + self.fc2(quick_gelu(self.fc1(self.ln2(x))))


class TextModel(nn.Module):
    def __init__(self, c, vocab=None):
        super().__init__()
        self.tok = nn.Embedding(vocab or c['vocab'], c['text_width'])
        self.pos = nn.Parameter(torch.randn(c['ctx'], c['text_width']) * 0.01)
        self.blocks = nn.ModuleList(Block(c['text_width'], c['text_heads'], c['text_mlp']) for _ in range(c['text_layers']))
        self.ln = nn.LayerNorm(c['text_width'], eps=1e-5)
        self.proj = nn.Linear(c['text_width'], c['proj'], bias=False)
        nn.init.normal_(self.tok.weight, std=0.02)

    def forward(self, input_ids):
        n = input_ids.shape[1]
        x = self.tok(input_ids) + self.pos[:n]
        mask = torch.full((n, n), float('-inf')).triu(1)
        for blk in self.blocks:
            x = blk(x, mask)
        x = self.ln(x)
        pooled = x[torch.arange(x.shape[0]), input_ids.to(torch.int64).argmax(-1)]
        return self.proj(pooled), x


class VisionModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        w = c['vision_width']
        if c.get('stem') == 'conv':
            # a convolutional stem in place of the linear patch embedding ("early convolutions help
            # transformers see better", Xiao et al. 2021): three 3x3 stride-2 convolutions give the
            # same 8x8 grid of tokens; a ViT learns shapes from it in far fewer steps
            self.patch = nn.Sequential(nn.Conv2d(3, 24, 3, 2, 1), nn.ReLU(), nn.Conv2d(24, 48, 3, 2, 1), nn.ReLU(),
                                       nn.Conv2d(48, w, 3, 2, 1))
        else:
            self.patch = nn.Conv2d(3, w, c['patch'], c['patch'], bias=False)
        self.cls = nn.Parameter(torch.randn(w) * 0.02)
        self.pos = nn.Parameter(torch.randn((c['image'] // c['patch']) ** 2 + 1, w) * 0.02)
        self.pre = nn.LayerNorm(w, eps=1e-5)
        self.blocks = nn.ModuleList(Block(w, c['vision_heads'], c['vision_mlp']) for _ in range(c['vision_layers']))
        self.post = nn.LayerNorm(w, eps=1e-5)
        self.proj = nn.Linear(w, c['proj'], bias=False)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], 1) + self.pos
        x = self.pre(x)
        for blk in self.blocks:
            x = blk(x)
        return self.proj(self.post(x[:, 0])), x


def load_split(data, name):
    meta = json.load(open(os.path.join(data, name + '.json')))
    s = meta['size']
    px = np.fromfile(os.path.join(data, name + '.u8'), dtype=np.uint8).reshape(meta['count'], 3, s, s)
    return torch.from_numpy(px), torch.tensor(meta['labels'])


def normalise(u8):
    return (u8.float() / 255 - MEAN) / STD


def pad(ids_list, eos=49407):
    n = max(len(i) for i in ids_list)
    return torch.tensor([i + [eos] * (n - len(i)) for i in ids_list])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data')
    ap.add_argument('out')
    ap.add_argument('--minutes', type=float, default=18)
    ap.add_argument('--seed', type=int, default=14)
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--stem', choices=['linear', 'conv'], default='linear')
    ap.add_argument('--resume', help='checkpoint.pt of an earlier stage to continue from')
    ap.add_argument('--shape-weight', type=float, default=0.12, help="share of shape-only captions")
    ap.add_argument('--chinese', action='store_true', help='train on the Chinese captions too')
    ap.add_argument('--zh-share', type=float, default=0.8, help='with --chinese: share of Chinese captions')
    ap.add_argument('--freeze-vision', action='store_true',
                    help='train the text tower only, against the fixed image embeddings of --resume')
    ap.add_argument('--text-train', choices=['all', 'new-tokens'], default='all',
                    help="'new-tokens': only the token rows no English caption uses (needs --freeze-vision)")
    args = ap.parse_args()
    if args.text_train == 'new-tokens' and not (args.freeze_vision and args.resume):
        raise SystemExit('--text-train new-tokens needs --freeze-vision and --resume')
    torch.manual_seed(args.seed); random.seed(args.seed); np.random.seed(args.seed)
    CFG['stem'] = args.stem
    torch.set_num_threads(int(os.environ.get('THREADS', '2')))

    cap = json.load(open(os.path.join(args.data, 'captions.json')))
    comps = cap['compositions']
    # captions.json of stages 1-5 had English captions only, and no language field
    caps = [c for c in cap['captions'] if args.chinese or c.get('lang', 'en') == 'en']
    langs = ['en', 'zh'] if args.chinese else ['en']

    def consistent(m, c):
        return ((not m['shape'] or m['shape'] == c['shape']) and (not m['colour'] or m['colour'] == c['colour'])
                and (not m['pattern'] or m['pattern'] == c['pattern'])
                and (not m['bw'] or (c['colour'] in ('black', 'white') and c['pattern'] != 'plain')))

    # Training sees only the few hundred token ids the captions use: a compact table (ids remapped
    # in order, so the end token stays the largest id for argmax pooling), scattered back into the
    # full 49,408-row table at export; the other rows keep their random initialisation.
    used = sorted({i for c in caps for i in c['ids']})
    remap = {t: k for k, t in enumerate(used)}
    for c in caps:
        c['cids'] = [remap[i] for i in c['ids']]
    K = torch.tensor([[consistent(m, c) for c in comps] for m in caps])  # [captions, compositions]
    by = {}  # (composition, form, named, language) -> caption indices
    for j, m in enumerate(caps):
        for ci, c in enumerate(comps):
            if K[j, ci]:
                by.setdefault((ci, m['form'], m['named'], m.get('lang', 'en')), []).append(j)
    WEIGHTS = dict(full=0.28, shape=args.shape_weight, colour=0.12, pattern=0.12, pattern_shape=0.07, pattern_colour=0.07,
                   colour_shape=0.12, bw=0.12, bw_shape=0.06)

    def sample_caption(ci):
        named = random.random() < 0.2
        lang = 'zh' if args.chinese and random.random() < args.zh_share else 'en'
        forms = [f for f in WEIGHTS if (ci, f, named, lang) in by]
        f = random.choices(forms, [WEIGHTS[x] for x in forms])[0]
        return random.choice(by[(ci, f, named, lang)])

    train_px, train_y = load_split(args.data, 'train')
    evals = {n: load_split(args.data, n) for n in ('eval_seen', 'eval_held')}
    text, vision = TextModel(CFG, len(used)), VisionModel(CFG)
    logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
    base_table = None  # a resumed model's full token table: rows no caption uses are exported as they were
    if args.resume:
        ck = torch.load(args.resume)
        own = vision.state_dict()
        vs = {k: v for k, v in ck['vision'].items() if k in own and own[k].shape == v.shape}
        print('vision weights not resumed:', vision.load_state_dict(vs, strict=False), flush=True)
        full = ck['text']
        base_table = full['tok.weight']
        compact = {k: v for k, v in full.items() if k != 'tok.weight'}
        compact['tok.weight'] = full['tok.weight'][torch.tensor(used)]
        text.load_state_dict(compact)
        with torch.no_grad():
            logit_scale.copy_(ck['logit_scale'])
        print('resumed from', args.resume, flush=True)
    params = list(text.parameters()) + list(vision.parameters()) + [logit_scale]
    if args.freeze_vision:
        params = list(text.parameters()) + [logit_scale]
        for p in vision.parameters():
            p.requires_grad_(False)
    if args.text_train == 'new-tokens':
        en_ids = {i for c in caps if c.get('lang', 'en') == 'en' for i in c['cids']}
        frozen_rows = torch.tensor(sorted(en_ids))
        print('training %d token rows, %d frozen' % (len(used) - len(en_ids), len(en_ids)), flush=True)
        for p in text.parameters():
            p.requires_grad_(p is text.tok.weight)
        params = [text.tok.weight, logit_scale]
        frozen_values = text.tok.weight.detach()[frozen_rows].clone()
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.05}, {'params': no_decay, 'weight_decay': 0}],
                            lr=args.lr, betas=(0.9, 0.98))
    if args.text_train == 'new-tokens':  # no decay: frozen rows must not move
        opt = torch.optim.AdamW(params, lr=args.lr, betas=(0.9, 0.98), weight_decay=0)
    templates = cap.get('photoTemplates', {'en': 'a photo of a {}.'})

    def head_prompts(lang):
        # the classes' prompts by meaning: the first phrasing of each under the photo template
        first = {}
        for j, c in enumerate(caps):
            if c.get('lang', 'en') == lang and not c['named'] and c['text'] == templates[lang].replace('{}', c['phrase']):
                first.setdefault((c['form'], c['shape'], c['colour'], c['pattern']), j)
        return first

    shapes = sorted({c['shape'] for c in comps}, key=[c['shape'] for c in comps].index)
    colours = sorted({c['colour'] for c in comps}, key=[c['colour'] for c in comps].index)
    patterns = sorted({c['pattern'] for c in comps}, key=[c['pattern'] for c in comps].index)

    def whole(c):
        return ('colour_shape', c['shape'], c['colour'], 'plain') if c['pattern'] == 'plain' else ('full', c['shape'], c['colour'], c['pattern'])

    heads = {
        'shape': ([('shape', s, None, None) for s in shapes], lambda c: ('shape', c['shape'], None, None)),
        'colour': ([('colour', None, x, None) for x in colours], lambda c: ('colour', None, c['colour'], None)),
        'pattern': ([('pattern', None, None, p) for p in patterns], lambda c: ('pattern', None, None, c['pattern'])),
        'all120': ([whole(c) for c in comps], whole),
    }

    @torch.no_grad()
    def image_embeds(px):
        return F.normalize(torch.cat([vision(normalise(px[i:i + 500]))[0] for i in range(0, len(px), 500)]), dim=-1)

    @torch.no_grad()
    def evaluate():
        text.eval(); vision.eval()
        res = {}
        for name, (px, y) in evals.items():
            im = image_embeds(px)
            for lang in langs:
                first = head_prompts(lang)
                for h, (keys, truth) in heads.items():
                    t = F.normalize(text(pad([caps[first[k]]['cids'] for k in keys], len(used) - 1))[0], dim=-1)
                    pred = (im @ t.T).argmax(-1)
                    gold = torch.tensor([keys.index(truth(comps[int(c)])) for c in y])
                    res['%s/%s%s' % (name, '' if lang == 'en' else 'zh-', h)] = round((pred == gold).float().mean().item(), 3)
        text.train(); vision.train()
        return res

    if args.freeze_vision:  # the image tower is fixed: embed the training images (and their mirror images) once
        vision.eval()
        t_emb = time.time()
        # kept beside the data, named by the image tower's weights: a rerun on them skips this step
        digest = hashlib.sha1(b''.join(v.numpy().tobytes() for v in vision.state_dict().values())).hexdigest()[:12]
        cache = os.path.join(args.data, 'train-embeds-%s.pt' % digest)
        if os.path.exists(cache):
            fixed = torch.load(cache)
        else:
            fixed = (image_embeds(train_px), image_embeds(train_px.flip(-1)))
            torch.save(fixed, cache)
        print('embedded %d training images in %.0f s' % (len(train_px), time.time() - t_emb), flush=True)

    t0 = time.time()
    budget = args.minutes * 60
    step, n = 0, len(train_px)
    perm = torch.randperm(n)
    pos_in_epoch = 0
    log = []
    while True:
        elapsed = time.time() - t0
        if elapsed > budget:
            break
        frac = elapsed / budget
        lr = args.lr * min(1, (step + 1) / 100) * (0.5 * (1 + math.cos(math.pi * frac)) * 0.95 + 0.05)
        for g in opt.param_groups:
            g['lr'] = lr
        if pos_in_epoch + args.batch > n:
            perm, pos_in_epoch = torch.randperm(n), 0
        bi = perm[pos_in_epoch:pos_in_epoch + args.batch]
        pos_in_epoch += args.batch
        flip = random.random() < 0.5
        y = train_y[bi]
        ci = [sample_caption(int(c)) for c in y]
        uniq = sorted(set(ci))
        ids = pad([caps[j]['cids'] for j in uniq], len(used) - 1)
        if args.freeze_vision:
            im = fixed[int(flip)][bi]
        else:
            px = train_px[bi]
            im = F.normalize(vision(normalise(px.flip(-1) if flip else px))[0], dim=-1)
        tu = F.normalize(text(ids)[0], dim=-1)
        tx = tu[torch.tensor([uniq.index(j) for j in ci])]
        logits = logit_scale.exp().clamp(max=100) * im @ tx.T
        pos = K[torch.tensor(ci)][:, y].T.float()  # [images, captions]
        li = -(pos / pos.sum(1, keepdim=True) * logits.log_softmax(1)).sum(1).mean()
        lt = -(pos / pos.sum(0, keepdim=True) * logits.log_softmax(0)).sum(0).mean()
        loss = (li + lt) / 2
        opt.zero_grad()
        loss.backward()
        opt.step()
        if args.text_train == 'new-tokens':
            with torch.no_grad():
                text.tok.weight[frozen_rows] = frozen_values
        step += 1
        if step % 50 == 0:
            print('step %d  %.0fs  loss %.3f  scale %.1f  lr %.2e' % (step, elapsed, loss.item(), logit_scale.exp().item(), lr), flush=True)
        if step % 400 == 0:
            r = evaluate(); print(r, flush=True); log.append({'step': step, 'seconds': round(elapsed), **r})
    r = evaluate()
    log.append({'step': step, 'seconds': round(time.time() - t0), **r})
    print('final', step, r, flush=True)
    export(text, vision, logit_scale, args, log, used, base_table)


def export(compact, vision, logit_scale, args, log, used, base_table=None):
    text = TextModel(CFG)
    sd = {k: v for k, v in compact.state_dict().items() if k != 'tok.weight'}
    text.load_state_dict(sd, strict=False)
    with torch.no_grad():
        if base_table is not None:
            text.tok.weight.copy_(base_table)
        text.tok.weight[torch.tensor(used)] = compact.tok.weight
    text.eval(); vision.eval()
    od = os.path.join(args.out, 'onnx')
    os.makedirs(od, exist_ok=True)
    ids = torch.tensor([[49406, 320, 1125, 539, 320, 2368, 269, 49407]])
    torch.onnx.export(text, (ids,), os.path.join(od, 'text_model.onnx'), input_names=['input_ids'],
                      output_names=['text_embeds', 'last_hidden_state'], opset_version=17,
                      dynamic_axes={'input_ids': {0: 'batch_size', 1: 'sequence_length'},
                                    'text_embeds': {0: 'batch_size'},
                                    'last_hidden_state': {0: 'batch_size', 1: 'sequence_length'}})
    px = torch.zeros(1, 3, CFG['image'], CFG['image'])
    torch.onnx.export(vision, (px,), os.path.join(od, 'vision_model.onnx'), input_names=['pixel_values'],
                      output_names=['image_embeds', 'last_hidden_state'], opset_version=17,
                      dynamic_axes={'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'},
                                    'last_hidden_state': {0: 'batch_size'}})
    for part in ('text_model', 'vision_model'):
        quantize(os.path.join(od, part + '.onnx'), os.path.join(od, part + '_quantized.onnx'))
    torch.save({'text': text.state_dict(), 'vision': vision.state_dict(), 'logit_scale': logit_scale.detach()},
               os.path.join(args.out, 'checkpoint.pt'))
    json.dump({'config': CFG, 'seed': args.seed, 'minutes': args.minutes, 'batch': args.batch, 'lr': args.lr,
               'resume': args.resume, 'shape_weight': args.shape_weight, 'chinese': args.chinese,
               'zh_share': args.zh_share, 'freeze_vision': args.freeze_vision, 'text_train': args.text_train,
               'logit_scale': float(logit_scale.exp()), 'log': log},
              open(os.path.join(args.out, 'training-log.json'), 'w'), indent=1)


def quantize(src, dst):
    """Weight-only uint8 quantization: each large float initializer becomes uint8 + DequantizeLinear
    (per row for the token table, per tensor otherwise). onnxruntime's quantizer is not available
    from Debian; this keeps every op standard (opset 13+ DequantizeLinear)."""
    import onnx
    from onnx import helper, numpy_helper
    m = onnx.load(src)
    g = m.graph
    keep, nodes = [], []
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.size < 1024:
            keep.append(init)
            continue
        axis = 0 if w.shape[0] == CFG['vocab'] else None
        if axis == 0:
            lo, hi = np.minimum(w.min(1), 0), np.maximum(w.max(1), 0)
        else:
            lo, hi = np.minimum(w.min(), 0), np.maximum(w.max(), 0)
        scale = np.maximum((hi - lo) / 255, 1e-12).astype(np.float32)
        zp = np.clip(np.round(-lo / scale), 0, 255).astype(np.uint8)
        bshape = (-1, 1) if axis == 0 else ()
        q = np.clip(np.round(w / scale.reshape(bshape) + zp.reshape(bshape).astype(np.float32)), 0, 255).astype(np.uint8)
        name = init.name
        keep += [numpy_helper.from_array(q, name + '_q'), numpy_helper.from_array(np.asarray(scale), name + '_scale'),
                 numpy_helper.from_array(np.asarray(zp), name + '_zp')]
        attrs = {'axis': 0} if axis == 0 else {}
        nodes.append(helper.make_node('DequantizeLinear', [name + '_q', name + '_scale', name + '_zp'], [name], **attrs))
    del g.initializer[:]
    g.initializer.extend(keep)
    old = list(g.node)
    del g.node[:]
    g.node.extend(nodes + old)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


if __name__ == '__main__':
    main()
