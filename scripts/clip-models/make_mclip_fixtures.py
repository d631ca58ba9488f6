# Tiny M-CLIP models in Immich's published layout (immich-app/XLM-Roberta-*-ViT-*), with reference
# outputs computed here with sentencepiece + torch, for src/main/clip/mclip.test.ts:
#
#   <geometry>/config.json                 open_clip's model config (embed_dim, vision_cfg, text_cfg)
#   <geometry>/textual/model.onnx          input_ids, attention_mask -> embedding (L2-normalised)
#   tokenizer/tokenizer.json               XLM-R's layout: Unigram, Precompiled nmt_nfkc + space
#                                          runs, Metaspace, <s> $A </s>, fairseq id offset
#   tokenizer/{tokenizer_config,special_tokens_map,config}.json, sentencepiece.bpe.model: one copy,
#                                          put into each textual/ by the tests (as the geometry
#                                          fixtures share tiny-clip's tokenizer)
#   tokenizer/reference/tokens.json        the cases: text, sentencepiece's pieces, XLM-R ids
#   <geometry>/visual/model.onnx           image -> embedding (L2-normalised)
#   <geometry>/visual/preprocess_cfg.json  open_clip's preprocess config
#
# Geometries: mclip-b32 (ViT-B/32's patch 32 at 224 px) and mclip-l14 (patch 14 at 224 px). The
# b32 textual graph is exported as Immich's current exporter does (int32 inputs, fixed [1, 77]); the
# l14 one as older exports with dynamic axes and int64 inputs, so the loader must read both from the
# graph. The text encoder is M-CLIP's: an XLM-RoBERTa encoder (post-LN BERT layers, positions offset
# by padding_idx + 1 as RoBERTa counts them), mean pooling over attention_mask, a linear projection.
#
#   /usr/bin/python3 scripts/clip-models/make_mclip_fixtures.py test/fixtures/mclip
#
# python3-sentencepiece without protobuf: the precompiled charsmap is read from the model file's
# protobuf wire format here (ModelProto.normalizer_spec.precompiled_charsmap), as HF's
# convert_slow_tokenizer reads it with sentencepiece_model_pb2.
import base64
import gzip
import io
import json
import math
import os
import sys

import numpy as np
import sentencepiece as spm
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clip_torch import VisionTower, init_random  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PIXELS = os.path.join(ROOT, "test", "fixtures", "geometries", "vit-l14", "reference")
CTX = 77
EMBED = 32
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

CORPUS = [
    "a photo of a zebra in the grass.",
    "a photo of a dog, a cat and a horse on a sunny day.",
    "a bad photo of the rocket and a cup of coffee.",
    "the motorcycle is parked next to the red car.",
    "一只在草地上的斑马。",
    "一张猫和狗的照片，天气很好。",
    "火箭和一杯咖啡的照片。",
    "草原にいるシマウマの写真です。",
    "猫と犬の写真。コーヒーとロケット。",
    "バイクは赤い車の隣に止まっています。",
    "صورة حمار وحشي في العشب.",
    "صورة كلب وقطة وحصان في يوم مشمس.",
    "الدراجة النارية متوقفة بجانب السيارة الحمراء.",
    "घास में एक ज़ेबरा की तस्वीर।",
    "एक कुत्ते और बिल्ली की तस्वीर।",
    "रॉकेट और कॉफ़ी का एक कप।",
    "Ein Foto von einem Zebra im grünen Gras.",
    "Über die Brücke fährt ein Mädchen mit dem Fahrrad, schön und müde.",
    "Ärger mit der Öl-Heizung: Übung macht den Meister, sagt die Großmutter.",
    "Ein Hund, eine Katze und ein Pferd an einem sonnigen Tag.",
    "🦓 🐶 🐱 🚀 ☕ 🏍️ 😀 👍🏽 ❤️",
    "zebra 斑马 シマウマ حمار ज़ेबरा Zebrastreifen 🦓",
]

CASES = [
    "a photo of a zebra.",
    "一只在草地上的斑马",
    "草原にいるシマウマの写真",
    "صورة حمار وحشي في العشب",
    "घास में एक ज़ेबरा की तस्वीर",
    "Über grüne Wiesen läuft ein müdes Mädchen mit Öl",
    "ÄÖÜ äöü ß",
    "a photo of a 🦓 and a 🐶!",
    "👍🏽❤️🚀",
    "Zebra 斑马 シマウマ حمار ज़ेबरा Zebrastreifen 🦓",
    "ＦＵＬＬＷＩＤＴＨ ｶﾀｶﾅ ① ﬁ",
    "two  spaces\tand a tab",
    "Ελληνικά и кириллица",
    " ".join(["zebra"] * 100),
]


# ---- the precompiled charsmap, from the model's protobuf bytes ----
def varint(b, i):
    v, s = 0, 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return v, i


def fields(b):
    """(field number, wire type, value) of one protobuf message; length-delimited values as bytes."""
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        f, w = key >> 3, key & 7
        if w == 0:
            v, i = varint(b, i)
        elif w == 1:
            v, i = b[i : i + 8], i + 8
        elif w == 2:
            n, i = varint(b, i)
            v, i = b[i : i + n], i + n
        elif w == 5:
            v, i = b[i : i + 4], i + 4
        else:
            raise ValueError(f"wire type {w}")
        yield f, w, v


def precompiled_charsmap(model_bytes):
    for f, _, v in fields(model_bytes):
        if f == 3:  # ModelProto.normalizer_spec
            for g, _, u in fields(v):
                if g == 2:  # NormalizerSpec.precompiled_charsmap
                    return bytes(u)
    raise ValueError("no precompiled_charsmap")


# ---- XLM-R's tokenizer.json, as HF's XLMRobertaConverter writes it ----
def tokenizer_json(sp, charsmap):
    vocab = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]
    vocab += [[sp.id_to_piece(i), sp.get_score(i)] for i in range(3, sp.get_piece_size())]
    vocab.append(["<mask>", 0.0])
    special = ["<s>", "<pad>", "</s>", "<unk>"]
    added = [
        dict(id=i, content=t, single_word=False, lstrip=False, rstrip=False, normalized=False, special=True)
        for i, t in enumerate(special)
    ]
    added.append(
        dict(id=len(vocab) - 1, content="<mask>", single_word=False, lstrip=True, rstrip=False, normalized=False, special=True)
    )
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(charsmap).decode()},
                {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
            ],
        },
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "add_prefix_space": True, "prepend_scheme": "always"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "special_tokens": {t: {"id": t, "ids": [i], "tokens": [t]} for t, i in [("<s>", 0), ("</s>", 2)]},
        },
        "decoder": {"type": "Metaspace", "replacement": "▁", "add_prefix_space": True, "prepend_scheme": "always"},
        "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab, "byte_fallback": False},
    }


def xlmr_ids(sp, text, ctx=CTX):
    """XLMRobertaTokenizer: spm ids + 1 (spm's <unk> 0 -> 3), <s> ... </s>, truncated to ctx."""
    ids = [i + 1 if i != 0 else 3 for i in sp.encode(text)]
    return [0] + ids[: ctx - 2] + [2]


# ---- M-CLIP's text encoder: XLM-RoBERTa + mean pooling + linear ----
class Layer(nn.Module):
    def __init__(self, h, heads, inter):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))
        self.ln1 = nn.LayerNorm(h, eps=1e-5)
        self.fc1 = nn.Linear(h, inter)
        self.fc2 = nn.Linear(inter, h)
        self.ln2 = nn.LayerNorm(h, eps=1e-5)

    def forward(self, x, bias):
        b, n, h = x.shape
        hd = h // self.heads

        def split(t):
            return t.reshape(b, n, self.heads, hd).transpose(1, 2)

        att = (split(self.q(x)) @ split(self.k(x)).transpose(-1, -2)) / math.sqrt(hd) + bias
        y = (att.softmax(-1) @ split(self.v(x))).transpose(1, 2).reshape(b, n, h)
        x = self.ln1(x + self.o(y))
        return self.ln2(x + self.fc2(nn.functional.gelu(self.fc1(x))))


class MClipText(nn.Module):
    def __init__(self, vocab, h=32, layers=2, heads=4, inter=64, proj=EMBED, max_pos=CTX + 2, pad=1):
        super().__init__()
        self.pad = pad
        self.word = nn.Embedding(vocab, h)
        self.pos = nn.Embedding(max_pos, h)
        self.token_type = nn.Embedding(1, h)
        self.ln_emb = nn.LayerNorm(h, eps=1e-5)
        self.layers = nn.ModuleList([Layer(h, heads, inter) for _ in range(layers)])
        self.proj = nn.Linear(h, proj)

    def forward(self, input_ids, attention_mask):
        ids = input_ids.long()
        mask = attention_mask.to(torch.float32)
        # RoBERTa's create_position_ids_from_input_ids: non-padding tokens count from padding_idx + 1
        keep = (ids != self.pad).long()
        pos = torch.cumsum(keep, 1) * keep + self.pad
        x = self.ln_emb(self.word(ids) + self.pos(pos) + self.token_type(torch.zeros_like(ids)))
        bias = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * mask.unsqueeze(2)).sum(1) / mask.sum(1)[:, None]
        return nn.functional.normalize(self.proj(pooled), dim=-1)


class NormalisedVision(nn.Module):
    """open_clip's encode_image(normalize=True), as Immich exports it."""

    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, image):
        return nn.functional.normalize(self.tower(image)[0], dim=-1)


def export(model, args, path, names, out, dynamic):
    torch.onnx.export(
        model,
        args,
        path,
        input_names=names,
        output_names=[out],
        dynamic_axes=dynamic,
        opset_version=17,
        do_constant_folding=True,
    )


def padded(ids_list, dtype):
    ids = torch.tensor([ids + [1] * (CTX - len(ids)) for ids in ids_list], dtype=dtype)
    mask = torch.tensor([[1] * len(ids) + [0] * (CTX - len(ids)) for ids in ids_list], dtype=dtype)
    return ids, mask


GEOMETRIES = {
    "mclip-b32": dict(patch=32, fixed=True, seed=301, hf="M-CLIP/XLM-Roberta-Large-Vit-B-32"),
    "mclip-l14": dict(patch=14, fixed=False, seed=302, hf="M-CLIP/XLM-Roberta-Large-Vit-L-14"),
}


def main(out):
    os.makedirs(out, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 4),
        model_writer=model,
        model_type="unigram",
        vocab_size=400,
        hard_vocab_limit=False,
        character_coverage=1.0,
        normalization_rule_name="nmt_nfkc",
        num_threads=1,
        seed_sentencepiece_size=5000,
        minloglevel=2,
    )
    model_bytes = model.getvalue()
    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    assert sp.unk_id() == 0 and sp.bos_id() == 1 and sp.eos_id() == 2
    tok = tokenizer_json(sp, precompiled_charsmap(model_bytes))
    vocab = len(tok["model"]["vocab"])
    cases = [{"text": t, "ids": xlmr_ids(sp, t), "pieces": sp.encode(t, out_type=str)} for t in CASES]
    log = [f"sentencepiece {spm.__version__}: unigram, {sp.get_piece_size()} pieces, tokenizer.json vocab {vocab}"]
    log.append("unk in cases: " + ", ".join(c["text"][:12] for c in cases if 3 in c["ids"]))

    u8 = np.frombuffer(gzip.decompress(open(os.path.join(PIXELS, "pixels_u8.gz"), "rb").read()), np.uint8)
    manifest = json.load(open(os.path.join(PIXELS, "manifest.json")))
    u8 = u8.reshape(manifest["pixels_u8"]["shape"])
    mean, std = np.array(CLIP_MEAN, np.float32), np.array(CLIP_STD, np.float32)
    px = ((u8.astype(np.float32) * np.float32(1 / 255) - mean) / std).transpose(0, 3, 1, 2).copy()

    for gname, g in GEOMETRIES.items():
        d = os.path.join(out, gname)
        for sub in ("textual", "visual", "reference"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        torch.manual_seed(g["seed"])
        text = MClipText(vocab)
        init_random(text, g["seed"], std=0.5)
        with torch.no_grad():
            text.pos.weight[1].zero_()  # RoBERTa's padding_idx row
        text.eval()
        dtype = torch.int32 if g["fixed"] else torch.int64
        args = padded([cases[0]["ids"]], dtype) if g["fixed"] else padded([c["ids"] for c in cases[:2]], dtype)
        dyn = None if g["fixed"] else {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "sequence_length"}, "embedding": {0: "batch_size"}}
        export(text, args, os.path.join(d, "textual", "model.onnx"), ["input_ids", "attention_mask"], "embedding", dyn)

        vision = VisionTower(32, 2, 4, EMBED, 224, g["patch"])
        init_random(vision, g["seed"] + 10, std=0.5)
        vision.eval()
        vis = NormalisedVision(vision)
        vdyn = None if g["fixed"] else {"image": {0: "batch_size"}, "embedding": {0: "batch_size"}}
        export(vis, (torch.randn(1, 3, 224, 224),), os.path.join(d, "visual", "model.onnx"), ["image"], "embedding", vdyn)

        with torch.no_grad():
            ids, mask = padded([c["ids"] for c in cases], torch.int64)
            text_ref = text(ids, mask).numpy().astype(np.float32)
            unpadded = np.stack([text(torch.tensor([c["ids"]]), torch.ones(1, len(c["ids"]), dtype=torch.int64))[0].numpy() for c in cases])
            img_ref = vis(torch.from_numpy(px)).numpy().astype(np.float32)
        log.append(f"{gname}: text padded-to-77 vs unpadded max abs diff {np.abs(text_ref - unpadded).max():.3g}")

        ref = os.path.join(d, "reference")
        text_ref.tofile(os.path.join(ref, "text_embeds.f32"))
        img_ref.tofile(os.path.join(ref, "image_embeds.f32"))
        json.dump(
            {
                "geometry": gname,
                "images": manifest["images"],
                "pixels": "test/fixtures/geometries/vit-l14/reference/pixels_u8.gz (openai preprocessing at 224 px)",
                "text_embeds": {"shape": [len(cases), EMBED], "order": "tokens.json cases, padded to 77 with <pad> (1), mask 0"},
                "image_embeds": {"shape": [len(manifest["images"]), EMBED]},
                "textual_inputs": "int32 [1, 77]" if g["fixed"] else "int64 [batch, sequence]",
                "versions": {"torch": torch.__version__, "sentencepiece": spm.__version__, "numpy": np.__version__},
            },
            open(os.path.join(ref, "manifest.json"), "w"),
            indent=1,
        )

        json.dump(
            {"size": 224, "mode": "RGB", "mean": CLIP_MEAN, "std": CLIP_STD, "interpolation": "bicubic", "resize_mode": "shortest", "fill_color": 0},
            open(os.path.join(d, "visual", "preprocess_cfg.json"), "w"),
            indent=2,
        )
        json.dump(
            {
                "embed_dim": EMBED,
                "vision_cfg": {"image_size": 224, "layers": 2, "width": 32, "patch_size": g["patch"]},
                "text_cfg": {"context_length": CTX, "vocab_size": 49408, "width": 32, "heads": 4, "layers": 2},
            },
            open(os.path.join(d, "config.json"), "w"),
            indent=2,
        )
    tdir = os.path.join(out, "tokenizer")
    os.makedirs(os.path.join(tdir, "reference"), exist_ok=True)
    json.dump({"cases": cases}, open(os.path.join(tdir, "reference", "tokens.json"), "w", encoding="utf8"), ensure_ascii=False, indent=1)
    json.dump(tok, open(os.path.join(tdir, "tokenizer.json"), "w", encoding="utf8"), ensure_ascii=False)
    open(os.path.join(tdir, "sentencepiece.bpe.model"), "wb").write(model_bytes)
    specials = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>", "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"}
    json.dump({**specials, "model_max_length": 512, "tokenizer_class": "XLMRobertaTokenizer"}, open(os.path.join(tdir, "tokenizer_config.json"), "w"), indent=2)
    json.dump(specials, open(os.path.join(tdir, "special_tokens_map.json"), "w"), indent=2)
    json.dump({"_name_or_path": "M-CLIP/XLM-Roberta-Large-Vit-B-32", "model_type": "M-CLIP", "modelBase": "xlm-roberta-large", "numDims": EMBED, "transformerDimensions": 32}, open(os.path.join(tdir, "config.json"), "w"), indent=2)
    open(os.path.join(out, "generation-log.txt"), "w").write("\n".join(log) + "\n")
    print("\n".join(log))


if __name__ == "__main__":
    main(sys.argv[1])
