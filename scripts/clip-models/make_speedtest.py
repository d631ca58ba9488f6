# Full-size CLIP graphs with tiled random weights, for speed only (same shapes, operations and cost
# as the real models; outputs meaningless), the way ../shared/models/clip-vit-b32-speedtest was made.
#   /usr/bin/python3 scripts/clip-models/make_speedtest.py OUT_DIR [b16 l14 l14-336 l14-text]
# Writes OUT_DIR/<name>/{vision,text}_model{,_quantized}.onnx. Measure with
#   npx tsx bench/catalog-speed.ts OUT_DIR
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clip_torch import TextTower, VisionTower, export_text, export_vision, init_tiled  # noqa: E402
from quantize import quantize  # noqa: E402
import onnx  # noqa: E402

# (width, layers, heads, projection, image size, patch): openai's published configurations
VISION = {
    "b16": (768, 12, 12, 512, 224, 16),
    "l14": (1024, 24, 16, 768, 224, 14),
    "l14-336": (1024, 24, 16, 768, 336, 14),
}
# ViT-L/14's text tower (B/32 and B/16 share the 512-wide one already in the B/32 speed test)
TEXT = {"l14-text": (768, 12, 12, 768)}

out_dir = sys.argv[1]
names = sys.argv[2:] or [*VISION, *TEXT]
torch.set_num_threads(1)
for name in names:
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
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
