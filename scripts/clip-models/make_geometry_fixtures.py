# Tiny random CLIP models of each catalog geometry, with reference outputs computed here,
# independently of the app, for the parity tests in src/main/clip/geometry.test.ts:
#   vit-b16      patch 16 at 224 px (ViT-B/16's token grid, 14 x 14), openai CLIP preprocessing
#   vit-l14      patch 14 at 224 px (ViT-L/14's grid, 16 x 16)
#   vit-l14-336  patch 14 at 336 px (ViT-L/14@336's grid, 24 x 24), preprocessing at 336
#   mobileclip   Xenova/mobileclip_*'s layout: config.json is {"model_type": "clip"} (no
#                projection_dim), preprocessor_config.json at 256 px with bilinear resampling,
#                do_normalize false and no image_mean/std; a conv stem; a text encoder without the
#                causal mask, so padding after the end token changes the embedding (MobileCLIP pads
#                to the context length).
# The three openai geometries share one causal text tower (text-clip/), MobileCLIP has its own
# (text-mobileclip/). The tokenizer files are test/fixtures/tiny-clip's (the real CLIP BPE).
#
#   /usr/bin/python3 scripts/clip-models/make_geometry_fixtures.py test/fixtures/geometries
#
# References (per geometry, reference/): pixels_u8.gz (PIL's resized and cropped RGB bytes, HWC,
# images in manifest order; the normalisation constants are in manifest.json), image_embeds.f32
# (torch, from the normalised pixels), text_embeds.f32 (the 17 tokenizer cases of
# tiny-clip/reference, padded to 77 with <|endoftext|>), zeroshot.json.
import gzip
import html
import json
import os
import re
import sys
from functools import lru_cache

import numpy as np
import torch
from PIL import Image, ImageOps

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clip_torch import TextTower, VisionTower, export_text, export_vision, init_random  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TINY = os.path.join(ROOT, "test", "fixtures", "tiny-clip")
IMAGES_DIR = os.path.join(ROOT, "resources", "sample-images")
IMAGES = [
    "alpha_200x200.png",
    "exif_orientation6_320x200.jpg",
    "gray_257x129.png",
    "photo_chelsea.jpg",
    "tiny_31x17.png",
    "wide_1000x100.webp",
]
CLASSES = ["cat", "dog", "rocket", "coffee", "motorcycle"]
TEMPLATES = ["a photo of a {}.", "a bad photo of the {}.", "itap of a {}."]
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
EMBED = 32


def clip_pre(size):
    return {
        "crop_size": {"height": size, "width": size},
        "do_center_crop": True,
        "do_convert_rgb": True,
        "do_normalize": True,
        "do_rescale": True,
        "do_resize": True,
        "image_mean": CLIP_MEAN,
        "image_std": CLIP_STD,
        "image_processor_type": "CLIPImageProcessor",
        "resample": 3,
        "rescale_factor": 0.00392156862745098,
        "size": {"shortest_edge": size},
    }


# Xenova/mobileclip_s0's preprocessor_config.json, field for field
MOBILECLIP_PRE = {
    "crop_size": {"height": 256, "width": 256},
    "do_center_crop": True,
    "do_convert_rgb": True,
    "do_normalize": False,
    "do_rescale": True,
    "do_resize": True,
    "feature_extractor_type": "CLIPFeatureExtractor",
    "image_processor_type": "CLIPFeatureExtractor",
    "resample": 2,
    "rescale_factor": 0.00392156862745098,
    "size": {"shortest_edge": 256},
}


def clip_config(size, patch):
    return {
        "model_type": "clip",
        "projection_dim": EMBED,
        "text_config": {
            "hidden_size": 32,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "max_position_embeddings": 77,
            "model_type": "clip_text_model",
        },
        "vision_config": {
            "hidden_size": 32,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "image_size": size,
            "patch_size": patch,
            "model_type": "clip_vision_model",
        },
    }


GEOMETRIES = {
    "vit-b16": dict(size=224, patch=16, text="text-clip", pre=clip_pre(224), config=clip_config(224, 16)),
    "vit-l14": dict(size=224, patch=14, text="text-clip", pre=clip_pre(224), config=clip_config(224, 14)),
    "vit-l14-336": dict(
        size=336, patch=14, text="text-clip", pre=clip_pre(336), config=clip_config(336, 14)
    ),
    "mobileclip": dict(
        size=256, patch=8, text="text-mobileclip", pre=MOBILECLIP_PRE, config={"model_type": "clip"}, conv=True
    ),
}


# ---- openai CLIP's SimpleTokenizer (no ftfy, as in tiny-clip's reference ids) ----
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


class SimpleTokenizer:
    def __init__(self, vocab_file, merges_file):
        self.encoder = json.load(open(vocab_file, encoding="utf8"))
        lines = open(merges_file, encoding="utf8").read().split("\n")[1 : 49152 - 256 - 2 + 1]
        self.ranks = {tuple(m.split()): i for i, m in enumerate(lines)}
        self.byte_encoder = bytes_to_unicode()
        # openai's pattern with the `regex` module's \p{L} / \p{N}, which Python's re lacks:
        # letters = word chars that are not digits or "_"; the rest of a non-space run is one token
        self.pat = re.compile(
            r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|(?:[^\s\w]|_)+",
            re.IGNORECASE,
        )

    @lru_cache(maxsize=None)
    def bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            new, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == best:
                    new.append(word[i] + word[i + 1])
                    i += 2
                else:
                    new.append(word[i])
                    i += 1
            word = tuple(new)
        return word

    def encode(self, text, ctx=77):
        import unicodedata

        t = unicodedata.normalize("NFC", text)
        t = html.unescape(html.unescape(t)).strip()
        t = re.sub(r"\s+", " ", t).strip().lower()
        ids = [self.encoder["<|startoftext|>"]]
        for tok in re.findall(self.pat, t):
            tok = "".join(self.byte_encoder[b] for b in tok.encode("utf-8"))
            ids += [self.encoder[b] for b in self.bpe(tok)]
        ids.append(self.encoder["<|endoftext|>"])
        if len(ids) > ctx:
            ids = ids[:ctx]
            ids[-1] = self.encoder["<|endoftext|>"]
        return ids


# ---- openai CLIP / torchvision preprocessing on PIL ----
def resized(w, h, size):
    if (w <= h and w == size) or (h <= w and h == size):
        return w, h
    return (size, int(size * h / w)) if w < h else (int(size * w / h), size)


def preprocess_u8(path, pre):
    img = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    size, crop = pre["size"]["shortest_edge"], pre["crop_size"]["height"]
    w, h = resized(*img.size, size)
    if (w, h) != img.size:
        img = img.resize((w, h), {2: Image.BILINEAR, 3: Image.BICUBIC}[pre["resample"]])
    left, top = int(round((w - crop) / 2.0)), int(round((h - crop) / 2.0))
    img = img.crop((left, top, left + crop, top + crop))
    return np.asarray(img, dtype=np.uint8)


def normalise(u8, pre):
    mean = np.array(pre.get("image_mean", CLIP_MEAN) if pre["do_normalize"] else [0, 0, 0], np.float32)
    std = np.array(pre.get("image_std", CLIP_STD) if pre["do_normalize"] else [1, 1, 1], np.float32)
    x = u8.astype(np.float32) * np.float32(pre["rescale_factor"])
    return ((x - mean) / std).transpose(2, 0, 1), mean.tolist(), std.tolist()


def l2(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def embed_text(tower, ids_list):
    ids = torch.tensor([ids + [49407] * (77 - len(ids)) for ids in ids_list])
    with torch.no_grad():
        return tower(ids)[0].numpy().astype(np.float32)


def main(out):
    torch.manual_seed(15)
    tok = SimpleTokenizer(os.path.join(TINY, "vocab.json"), os.path.join(TINY, "merges.txt"))
    cases = json.load(open(os.path.join(TINY, "reference", "tokenizer.json")))["cases"]
    for c in cases:
        assert tok.encode(c["text"]) == c["ids"], c["text"]
    log = [f"tokenizer: {len(cases)} tiny-clip reference cases reproduced"]

    towers = {}
    for name, causal, seed in [("text-clip", True, 151), ("text-mobileclip", False, 152)]:
        t = TextTower(32, 2, 4, EMBED, embed_width=4, causal=causal)
        init_random(t, seed, std=0.5)
        t.eval()
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        export_text(t, os.path.join(d, "text_model.onnx"))
        towers[name] = t
        # what padding does to each tower: nothing for the causal one, a lot without the mask
        short = torch.tensor([cases[0]["ids"]])
        with torch.no_grad():
            a = towers[name](short)[0].numpy()
        b = embed_text(towers[name], [cases[0]["ids"]])
        log.append(f"{name}: causal={causal}, unpadded vs padded-to-77 max abs diff {np.abs(a - b).max():.3g}")

    prompts = [[t.format(c) for t in TEMPLATES] for c in CLASSES]
    for gname, g in GEOMETRIES.items():
        d = os.path.join(out, gname)
        os.makedirs(os.path.join(d, "onnx"), exist_ok=True)
        os.makedirs(os.path.join(d, "reference"), exist_ok=True)
        json.dump(g["config"], open(os.path.join(d, "config.json"), "w"), indent=2)
        json.dump(g["pre"], open(os.path.join(d, "preprocessor_config.json"), "w"), indent=2)
        v = VisionTower(32, 2, 4, EMBED, g["size"], g["patch"], conv_stem=g.get("conv", False))
        init_random(v, 160 + len(gname), std=0.5)
        v.eval()
        export_vision(v, os.path.join(d, "onnx", "vision_model.onnx"), g["size"])

        u8 = np.stack([preprocess_u8(os.path.join(IMAGES_DIR, f), g["pre"]) for f in IMAGES])
        px, mean, std = zip(*[normalise(x, g["pre"]) for x in u8])
        px = np.stack(px).astype(np.float32)
        with torch.no_grad():
            img = v(torch.from_numpy(px))[0].numpy().astype(np.float32)
        ref = os.path.join(d, "reference")
        with gzip.GzipFile(os.path.join(ref, "pixels_u8.gz"), "wb", 9, mtime=0) as f:
            f.write(u8.tobytes())
        img.tofile(os.path.join(ref, "image_embeds.f32"))
        tower = towers[g["text"]]
        embed_text(tower, [c["ids"] for c in cases]).tofile(os.path.join(ref, "text_embeds.f32"))

        # zero-shot: per class, L2-normalised template embeddings averaged and re-normalised;
        # logits = 100 x cosine; softmax over classes
        cls = np.stack([l2(l2(embed_text(tower, [tok.encode(p) for p in ps])).mean(0)) for ps in prompts])
        probs = softmax(100.0 * l2(img) @ cls.T)
        zs = {
            "classes": CLASSES,
            "templates": TEMPLATES,
            "temperature": 100,
            "images": [
                {"file": f, "probs": p.tolist(), "top5": [CLASSES[i] for i in np.argsort(-p, kind="stable")[:5]]}
                for f, p in zip(IMAGES, probs)
            ],
        }
        json.dump(zs, open(os.path.join(ref, "zeroshot.json"), "w"), indent=1)
        crop = g["pre"]["crop_size"]["height"]
        manifest = {
            "geometry": gname,
            "text_tower": g["text"],
            "images": IMAGES,
            "pixels_u8": {"file": "pixels_u8.gz", "shape": [len(IMAGES), crop, crop, 3], "order": "HWC"},
            "normalise": {"rescale_factor": g["pre"]["rescale_factor"], "mean": mean[0], "std": std[0]},
            "image_embeds": {"file": "image_embeds.f32", "shape": [len(IMAGES), EMBED]},
            "text_embeds": {
                "file": "text_embeds.f32",
                "shape": [len(cases), EMBED],
                "order": "tiny-clip/reference/tokenizer.json cases, padded to 77 with 49407",
            },
            "preprocess": "EXIF transpose, convert RGB, shortest side to size (long side int()), PIL "
            + ("bilinear" if g["pre"]["resample"] == 2 else "bicubic")
            + ", centre crop (round), x rescale_factor, normalise (mean/std; 0/1 when do_normalize is false)",
            "versions": {"torch": torch.__version__, "numpy": np.__version__, "pillow": Image.__version__},
        }
        json.dump(manifest, open(os.path.join(ref, "manifest.json"), "w"), indent=1)
        log.append(f"{gname}: {crop} px, {len(IMAGES)} images, top-1 {[z['top5'][0] for z in zs['images']]}")
    open(os.path.join(out, "generation-log.txt"), "w").write("\n".join(log) + "\n")
    print("\n".join(log))


if __name__ == "__main__":
    main(sys.argv[1])
