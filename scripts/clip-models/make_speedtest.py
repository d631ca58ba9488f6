# Full-size CLIP graphs with tiled random weights, for speed only (same shapes, operations and cost
# as the real models; outputs meaningless), the way ../shared/models/clip-vit-b32-speedtest was made.
#   /usr/bin/python3 scripts/clip-models/make_speedtest.py OUT_DIR [b16 l14 l14-336 l14-text]
#   ... OUT_DIR xlmr-base-text xlmr-large-text siglip2-224 siglip2-256 siglip2-text
# (the last five, named only: M-CLIP's XLM-R text encoders and SigLIP 2 base, speedtest_towers.py)
# Writes OUT_DIR/<name>/{vision,text}_model{,_quantized}.onnx (XLM-R: fp32 only, as Immich ships
# it; XLM-R Large's 2.2 GB go to text_model.onnx + text_model.onnx_data). Measure with
#   npx tsx bench/catalog-speed.ts OUT_DIR
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clip_torch import TextTower, VisionTower, export_text, export_vision, init_tiled  # noqa: E402
from quantize import quantize  # noqa: E402
import speedtest_towers as st  # noqa: E402
import onnx  # noqa: E402

# (width, layers, heads, projection, image size, patch): openai's published configurations
VISION = {
    "b16": (768, 12, 12, 512, 224, 16),
    "l14": (1024, 24, 16, 768, 224, 14),
    "l14-336": (1024, 24, 16, 768, 336, 14),
}
# ViT-L/14's text tower (B/32 and B/16 share the 512-wide one already in the B/32 speed test)
TEXT = {"l14-text": (768, 12, 12, 768)}
# (width, layers, heads, FFN, projection): xlm-roberta-base / -large under M-CLIP's projection
XLMR = {"xlmr-base-text": (768, 12, 12, 3072, 512), "xlmr-large-text": (1024, 24, 16, 4096, 768)}
# google/siglip2-base-patch16-*: ViT-B/16 at 224 or 256 px; the Gemma-vocabulary text tower
SIGLIP_VISION = {"siglip2-224": 224, "siglip2-256": 256}


def build(name, d):
    """The tower named, exported fp32 into d; returns (file, part)."""
    if name in XLMR:
        w, layers, heads, ffn, proj = XLMR[name]
        m = st.XlmrTextTower(w, layers, heads, ffn, proj)
        init_tiled(m, 15)
        f = os.path.join(d, "text_model.onnx")
        st.export_xlmr(m, f)
        return f, "text"
    if name in SIGLIP_VISION:
        size = SIGLIP_VISION[name]
        m = st.SiglipVisionTower(768, 12, 12, 3072, size, 16)
        init_tiled(m, 15)
        f = os.path.join(d, "vision_model.onnx")
        st.export_siglip_vision(m, f, size)
        return f, "vision"
    m = st.SiglipTextTower(768, 12, 12, 3072)
    init_tiled(m, 15)
    f = os.path.join(d, "text_model.onnx")
    st.export_siglip_text(m, f)
    return f, "text"


def one_data_file(f):
    """Over 2 GB torch writes one file per tensor beside the graph: gather them into f + '_data'
    (the Hub's layout for large graphs)."""
    d = os.path.dirname(f)
    loose = [n for n in os.listdir(d) if n != os.path.basename(f)]
    if not loose:
        return
    m = onnx.load(f)
    onnx.save(m, f, save_as_external_data=True, location=os.path.basename(f) + "_data")
    for n in loose:
        os.remove(os.path.join(d, n))


out_dir = sys.argv[1]
names = sys.argv[2:] or [*VISION, *TEXT]
torch.set_num_threads(1)
for name in names:
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    if name in XLMR or name in SIGLIP_VISION or name == "siglip2-text":
        for n in os.listdir(d):  # onnx appends to an existing external-data file
            os.remove(os.path.join(d, n))
        with torch.no_grad():
            f, part = build(name, d)
        one_data_file(f)
        size = sum(os.path.getsize(os.path.join(d, n)) for n in os.listdir(d))
        if name not in XLMR:
            onnx.save(quantize(onnx.load(f)), os.path.join(d, f"{part}_model_quantized.onnx"))
        print(name, size, "bytes fp32", flush=True)
        continue
    if name in VISION:
        w, layers, heads, proj, size, patch = VISION[name]
        m = VisionTower(w, layers, heads, proj, size, patch)
        init_tiled(m, 15)
        f = os.path.join(d, "vision_model.onnx")
        with torch.no_grad():
            export_vision(m, f, size, batch=1)
        part = "vision"
    else:
        w, layers, heads, proj = TEXT[name]
        m = TextTower(w, layers, heads, proj)
        init_tiled(m, 15)
        f = os.path.join(d, "text_model.onnx")
        with torch.no_grad():
            export_text(m, f, batch=1)
        part = "text"
    del m
    onnx.save(quantize(onnx.load(f)), os.path.join(d, f"{part}_model_quantized.onnx"))
    print(name, os.path.getsize(f), "bytes fp32", flush=True)
