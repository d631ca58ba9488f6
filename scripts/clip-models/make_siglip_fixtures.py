# Tiny random SigLIP 2 models in onnx-community/siglip2-*'s layout, with reference outputs computed
# here, independently of the app, for src/main/clip/siglip.test.ts:
#   siglip2-224 and siglip2-256: patch 16 at 224 and 256 px (the base models' token grids),
#   one text tower (64 positions, no mask), each with its own logit_scale and logit_bias.
# The tokenizer is a small Gemma-like SentencePiece BPE (byte fallback, no normalisation, no
# dummy prefix, pad/eos/bos/unk = 0/1/2/3) trained here on a multilingual corpus and converted to
# a tokenizer.json of Gemma's shape (Replace " " -> "▁" normaliser, no pre-tokenizer, BPE with
# byte_fallback, merges from the vocab as transformers' SentencePieceExtractor builds them).
#
#   /usr/bin/python3 scripts/clip-models/make_siglip_fixtures.py test/fixtures/siglip2
#
# References (reference/ beside the models): tokens.json (SentencePiece's ids of each case after
# ASCII lower-casing, <eos> appended, padded with <pad> to 64), text_embeds.f32 (torch pooler_output of
# those ids), per geometry pixels_u8.gz (PIL's RGB bytes resized bilinearly to the square, HWC),
# image_embeds.f32 (pooler_output from the normalised pixels), logits.json (the model's scale and
# bias, and the combined graph's logits), zeroshot.json (sigmoid probabilities per label).
import gzip
import json
import os
import string
import sys
import tempfile

import numpy as np
import sentencepiece as spm
import torch
from PIL import Image, ImageOps

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from siglip_torch import (  # noqa: E402
    Siglip,
    TextTower,
    VisionTower,
    export_combined,
    export_text,
    export_vision,
    init_random,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGES_DIR = os.path.join(ROOT, "resources", "sample-images")
IMAGES = ["alpha_200x200.png", "exif_orientation6_320x200.jpg", "photo_chelsea.jpg", "photo_rocket.jpg"]
CTX = 64
WIDTH, LAYERS, HEADS, HIDDEN = 32, 2, 4, 64
# size, patch, logit_scale, logit_bias, and whether the combined graph holds exp(logit_scale) as one
# folded constant (256) or as Exp over the logit_scale weight (224): the reader must find either
GEOMETRIES = {"siglip2-224": (224, 16, 2.3, -4.5, False), "siglip2-256": (256, 16, 2.9, -6.25, True)}
CLASSES = ["cat", "dog", "rocket", "coffee", "Katze", "猫"]
TEMPLATES = ["this is a photo of {}.", "{}"]

CORPUS_BASE = [
    "a photo of a cat", "a photo of a dog on the grass", "this is a photo of a rocket.",
    "a cup of coffee on a wooden table", "a red motorcycle parked by the road",
    "ein foto von einer katze", "bären, öl und größe: übermäßig schön", "die straße ist grün und weiß",
    "ein hund läuft über die brücke", "schöne grüße aus münchen",
    "一张猫的照片", "桌子上有一杯咖啡", "红色的摩托车停在路边", "一只狗在草地上", "火箭发射",
    "猫の写真です", "東京タワーの夜景", "コーヒーを一杯ください", "赤いバイクが道に止まっている", "犬が草の上を走る",
    "صورة قطة في الحديقة", "فنجان قهوة على الطاولة", "كلب يجري على العشب", "صاروخ في السماء",
    "एक बिल्ली की तस्वीर", "मेज़ पर कॉफ़ी का कप", "घास पर कुत्ता", "आसमान में रॉकेट",
    "hello world 123 4567", "photos, photographs and pictures", "the quick brown fox jumps over the lazy dog",
]
CASES = [
    "A photo of a cat.",
    "this is a photo of a rocket.",
    "Ein Foto von Bären, Öl und GRÖSSE — übermäßig schön!",
    "Schöne Grüße aus München",
    "一张猫的照片",
    "桌子上有一杯咖啡，还有一只狗。",
    "猫の写真です。東京タワー",
    "コーヒーを一杯ください",
    "صورة قطة في الحديقة",
    "فنجان قهوة؟",
    "एक बिल्ली की तस्वीर",
    "आसमान में रॉकेट।",
    "🐱 a cat 😺🦓",
    "emoji only: 🚀🚀☕",
    "Mixed: 猫 cat قطة बिल्ली Katze 🐈 ねこ",
    "  two  spaces  and a tab\there ",
    "digits 2025 and 3.14",
    "",
    "word " * 80,
]


def train_tokenizer(tmp):
    lines = []
    for i, s in enumerate(CORPUS_BASE):
        for j in range(6):
            lines.append(f"{s} {CORPUS_BASE[(i + j * 7) % len(CORPUS_BASE)]}")
    path = os.path.join(tmp, "corpus.txt")
    with open(path, "w", encoding="utf8") as f:
        f.write("\n".join(lines) + "\n")
    prefix = os.path.join(tmp, "spm")
    spm.SentencePieceTrainer.train(
        input=path,
        model_prefix=prefix,
        model_type="bpe",
        vocab_size=700,
        hard_vocab_limit=False,
        byte_fallback=True,
        character_coverage=0.98,
        normalization_rule_name="identity",
        add_dummy_prefix=False,
        remove_extra_whitespaces=False,
        allow_whitespace_only_pieces=True,
        split_digits=True,
        pad_id=0,
        eos_id=1,
        bos_id=2,
        unk_id=3,
        pad_piece="<pad>",
        eos_piece="<eos>",
        bos_piece="<bos>",
        unk_piece="<unk>",
        user_defined_symbols=["<mask>"],
        minloglevel=2,
    )
    return spm.SentencePieceProcessor(model_file=prefix + ".model")


def special(i, content):
    return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


def tokenizer_json(sp):
    """A Gemma-shaped tokenizer.json, with merges built the way transformers' converter does."""
    n = sp.get_piece_size()
    vocab = {sp.id_to_piece(i): i for i in range(n)}
    specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<mask>"]
    normal = {p: i for p, i in vocab.items() if p not in specials and not sp.is_byte(i)}
    merges = []
    for piece, pid in normal.items():
        local = [(piece[:k], piece[k:], pid) for k in range(1, len(piece))
                 if piece[:k] in normal and piece[k:] in normal]
        merges.extend(sorted(local, key=lambda m: (vocab[m[0]], vocab[m[1]])))
    merges.sort(key=lambda m: m[2])
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(vocab[s], s) for s in specials],
        "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
        "pre_tokenizer": None,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "<eos>", "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "<eos>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "<eos>", "type_id": 1}}],
            "special_tokens": {"<eos>": {"id": "<eos>", "ids": [1], "tokens": ["<eos>"]}},
        },
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
            {"type": "ByteFallback"}, {"type": "Fuse"}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                  "vocab": vocab, "merges": [[a, b] for a, b, _ in merges]},
    }


ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
TOKENIZER_CONFIG = {
    "add_bos_token": False, "add_eos_token": True, "bos_token": "<bos>", "eos_token": "<eos>",
    "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>", "model_max_length": 64,
    "padding_side": "right", "tokenizer_class": "GemmaTokenizer", "clean_up_tokenization_spaces": False,
}
SPECIAL_MAP = {"bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>", "unk_token": "<unk>",
               "mask_token": "<mask>"}


def canonical(text):
    """big_vision's `lower` op, as the SigLIP 2 colab runs it: tf.strings.lower with its default
    encoding, which lower-cases ASCII letters only (other capitals are kept)."""
    return text.translate(ASCII_LOWER)


def reference_ids(sp, text):
    """SigLIP 2's text preprocessing: ASCII lower-case, Gemma SentencePiece without <bos>, <eos>
    kept last when truncating, <pad> to the fixed length."""
    ids = sp.encode(canonical(text), out_type=int)[: CTX - 1] + [1]
    return ids + [0] * (CTX - len(ids))


def config(vocab, size, patch):
    # as transformers writes config.json: only what differs from the defaults (no
    # max_position_embeddings: SiglipTextConfig's default is 64; no projection_dim: SigLIP has none)
    return {
        "architectures": ["SiglipModel"],
        "model_type": "siglip",
        "initializer_factor": 1.0,
        "text_config": {"hidden_size": WIDTH, "intermediate_size": HIDDEN, "num_attention_heads": HEADS,
                        "num_hidden_layers": LAYERS, "vocab_size": vocab, "model_type": "siglip_text_model"},
        "vision_config": {"hidden_size": WIDTH, "intermediate_size": HIDDEN, "num_attention_heads": HEADS,
                          "num_hidden_layers": LAYERS, "image_size": size, "patch_size": patch,
                          "model_type": "siglip_vision_model"},
        "torch_dtype": "float32",
        "transformers_version": "4.49.0",
    }


def preprocessor(size):
    return {"do_convert_rgb": None, "do_normalize": True, "do_rescale": True, "do_resize": True,
            "image_mean": [0.5, 0.5, 0.5], "image_processor_type": "SiglipImageProcessor",
            "image_std": [0.5, 0.5, 0.5], "processor_class": "SiglipProcessor", "resample": 2,
            "rescale_factor": 0.00392156862745098, "size": {"height": size, "width": size}}


def pixels_u8(path, size):
    img = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    return np.asarray(img.resize((size, size), Image.BILINEAR), dtype=np.uint8)


def normalise(u8):
    x = u8.astype(np.float32) * np.float32(1 / 255)
    return ((x - np.float32(0.5)) / np.float32(0.5)).transpose(2, 0, 1)


def l2(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def write_json(path, obj):
    with open(path, "w", encoding="utf8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main(out):
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        sp = train_tokenizer(tmp)
    vocab = sp.get_piece_size()
    tok = tokenizer_json(sp)
    cases = [{"text": t, "ids": reference_ids(sp, t),
              "pieces": sp.encode(canonical(t), out_type=str)[: CTX - 1]} for t in CASES]
    byte_cases = sum(any(p.startswith("<0x") for p in c["pieces"]) for c in cases)
    print(f"vocab {vocab}, {len(tok['model']['merges'])} merges, {byte_cases} cases use byte fallback")

    text = TextTower(vocab, WIDTH, LAYERS, HEADS, HIDDEN, CTX)
    init_random(text, seed=1)
    text.eval()
    ref = os.path.join(out, "reference")
    os.makedirs(ref, exist_ok=True)
    with open(os.path.join(ref, "tokens.json"), "w", encoding="utf8") as f:
        rows = [json.dumps({"text": c["text"], "ids": c["ids"]}, ensure_ascii=False) for c in cases]
        f.write("[\n" + ",\n".join(rows) + "\n]\n")
    with torch.no_grad():
        text_embeds = text(torch.tensor([c["ids"] for c in cases]))[1].numpy().astype(np.float32)
    text_embeds.tofile(os.path.join(ref, "text_embeds.f32"))
    prompts = [t.format(c) for c in CLASSES for t in TEMPLATES]
    with torch.no_grad():
        prompt_embeds = text(torch.tensor([reference_ids(sp, p) for p in prompts]))[1].numpy()
    class_w = l2(l2(prompt_embeds).reshape(len(CLASSES), len(TEMPLATES), -1).mean(1))

    for name, (size, patch, scale, bias, folded) in GEOMETRIES.items():
        d = os.path.join(out, name)
        os.makedirs(os.path.join(d, "onnx"), exist_ok=True)
        os.makedirs(os.path.join(d, "reference"), exist_ok=True)
        write_json(os.path.join(d, "config.json"), config(vocab, size, patch))
        write_json(os.path.join(d, "preprocessor_config.json"), preprocessor(size))
        write_json(os.path.join(d, "tokenizer.json"), tok)
        write_json(os.path.join(d, "tokenizer_config.json"), TOKENIZER_CONFIG)
        write_json(os.path.join(d, "special_tokens_map.json"), SPECIAL_MAP)
        vision = VisionTower(WIDTH, LAYERS, HEADS, HIDDEN, size, patch)
        init_random(vision, seed=2 + size)
        vision.eval()
        model = Siglip(text, vision, scale, bias, folded).eval()
        export_text(text, os.path.join(d, "onnx", "text_model.onnx"), vocab)
        export_vision(vision, os.path.join(d, "onnx", "vision_model.onnx"), size)
        export_combined(model, os.path.join(d, "onnx", "model.onnx"), size, vocab)

        u8 = np.stack([pixels_u8(os.path.join(IMAGES_DIR, im), size) for im in IMAGES])
        with gzip.GzipFile(os.path.join(d, "reference", "pixels_u8.gz"), "wb", mtime=0) as f:
            f.write(u8.tobytes())
        px = torch.tensor(np.stack([normalise(x) for x in u8]))
        with torch.no_grad():
            image_embeds = vision(px)[1].numpy().astype(np.float32)
            ids = torch.tensor([c["ids"] for c in cases[:6]])
            logits_per_image = model(ids, px)[0].numpy()
        image_embeds.tofile(os.path.join(d, "reference", "image_embeds.f32"))
        write_json(os.path.join(d, "reference", "manifest.json"), {
            "images": IMAGES, "pixels_u8": {"shape": list(u8.shape)},
            "normalise": {"rescale_factor": 1 / 255, "mean": [0.5] * 3, "std": [0.5] * 3}})
        t = float(model.folded_scale.item())
        b = float(model.logit_bias.item())
        write_json(os.path.join(d, "reference", "logits.json"), {
            "logit_scale": float(model.logit_scale.item()), "scale": t, "bias": b, "texts": 6,
            "logits_per_image": logits_per_image.astype(float).tolist()})
        probs = sigmoid(t * (l2(image_embeds.astype(np.float64)) @ class_w.T) + b)
        write_json(os.path.join(d, "reference", "zeroshot.json"), {
            "classes": CLASSES, "templates": TEMPLATES, "images": [
                {"image": im, "probs": probs[i].tolist(),
                 "top5": [CLASSES[k] for k in np.argsort(-probs[i], kind="stable")[:5]]}
                for i, im in enumerate(IMAGES)]})
        print(f"{name}: scale {t:.6f} bias {b:.6f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "test", "fixtures", "siglip2"))
