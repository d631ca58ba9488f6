# CLIP in plain PyTorch (no transformers), exported to ONNX in the Hugging Face layout that Xenova/*
# repos ship: text_model.onnx (input_ids -> text_embeds, last_hidden_state) and vision_model.onnx
# (pixel_values -> image_embeds, last_hidden_state). Used by make_geometry_fixtures.py (tiny random
# models with reference outputs) and make_speedtest.py (full-size graphs with tiled weights).
#
# The architecture is transformers' CLIPModel: pre-LN blocks, quick_gelu MLP, text pooled at the
# end token (input_ids.argmax: <|endoftext|> has the highest id), vision pooled at the class token,
# bias-free projections. Two switches cover MobileCLIP's differences that matter to the app: a text
# encoder without the causal mask (so padding after the end token changes the embedding), and a
# convolutional image stem with average pooling instead of the class token.
import math

import torch
from torch import nn


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self, width, heads, mlp):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(width, eps=1e-5)
        self.q = nn.Linear(width, width)
        self.k = nn.Linear(width, width)
        self.v = nn.Linear(width, width)
        self.o = nn.Linear(width, width)
        self.ln_2 = nn.LayerNorm(width, eps=1e-5)
        self.fc1 = nn.Linear(width, mlp)
        self.act = QuickGELU()
        self.fc2 = nn.Linear(mlp, width)

    def forward(self, x, mask=None):
        b, n, w = x.shape
        h = self.ln_1(x)
        hd = w // self.heads

        def split(t):
            return t.reshape(b, n, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hd))
        if mask is not None:
            att = att + mask
        att = att.softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, n, w)
        x = x + self.o(y)
        return x + self.fc2(self.act(self.fc1(self.ln_2(x))))


class TextTower(nn.Module):
    """embed_width < width factorises the 49,408-row token table (keeps tiny fixtures small)."""

    def __init__(self, width, layers, heads, proj, vocab=49408, ctx=77, embed_width=None, causal=True):
        super().__init__()
        ew = embed_width or width
        self.tok = nn.Embedding(vocab, ew)
        self.up = nn.Linear(ew, width, bias=False) if ew != width else None
        self.pos = nn.Parameter(torch.zeros(ctx, width))
        self.blocks = nn.ModuleList([Block(width, heads, 4 * width) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(width, eps=1e-5)
        self.proj = nn.Linear(width, proj, bias=False)
        self.causal = causal

    def forward(self, input_ids):
        x = self.tok(input_ids)
        if self.up is not None:
            x = self.up(x)
        n = input_ids.shape[1]
        x = x + self.pos[:n]
        mask = None
        if self.causal:
            mask = torch.full((n, n), float("-inf")).triu(1)
        for blk in self.blocks:
            x = blk(x, mask)
        x = self.ln_final(x)
        pooled = x[torch.arange(x.shape[0]), input_ids.argmax(-1)]
        return self.proj(pooled), x


class VisionTower(nn.Module):
    """ViT (class-token pooling) or, with conv_stem, a MobileCLIP-like conv stem + mean pooling."""

    def __init__(self, width, layers, heads, proj, image_size, patch, conv_stem=False):
        super().__init__()
        self.conv_stem = conv_stem
        if conv_stem:
            # two stride-2 convs, then a patch conv: the grid is image_size / (4 * patch)
            self.stem = nn.Sequential(
                nn.Conv2d(3, 8, 3, 2, 1), nn.GELU(), nn.Conv2d(8, 16, 3, 2, 1), nn.GELU()
            )
            self.patch = nn.Conv2d(16, width, patch, patch, bias=False)
            grid = image_size // (4 * patch)
            tokens = grid * grid
        else:
            self.stem = None
            self.patch = nn.Conv2d(3, width, patch, patch, bias=False)
            grid = image_size // patch
            tokens = grid * grid + 1
            self.cls = nn.Parameter(torch.zeros(width))
        self.pos = nn.Parameter(torch.zeros(tokens, width))
        self.ln_pre = nn.LayerNorm(width, eps=1e-5)
        self.blocks = nn.ModuleList([Block(width, heads, 4 * width) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width, eps=1e-5)
        self.proj = nn.Linear(width, proj, bias=False)

    def forward(self, pixel_values):
        x = pixel_values
        if self.stem is not None:
            x = self.stem(x)
        x = self.patch(x).flatten(2).transpose(1, 2)
        if not self.conv_stem:
            cls = self.cls.reshape(1, 1, -1).expand(x.shape[0], 1, -1)
            x = torch.cat([cls, x], 1)
        x = self.ln_pre(x + self.pos)
        for blk in self.blocks:
            x = blk(x)
        pooled = x.mean(1) if self.conv_stem else x[:, 0]
        return self.proj(self.ln_post(pooled)), x


def init_random(module, seed, std=0.02):
    """transformers-like init: normal weights, zero biases, unit LayerNorm."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("bias"):
                p.zero_()
            elif ".ln" in name or name.startswith("ln"):
                p.fill_(1.0)
            else:
                p.copy_(torch.randn(p.shape, generator=g) * std)


def init_tiled(module, seed, block=4096, std=0.02):
    """Speed-test weights: one short random block tiled over every tensor, so the graphs compress
    to almost nothing while keeping real shapes and cost (their outputs mean nothing). Each tensor
    starts the block at its own offset: the exporter merges initializers with equal values, and
    layers sharing one weight would sit in cache where the real model streams its weights."""
    g = torch.Generator().manual_seed(seed)
    base = torch.randn(block, generator=g) * std
    with torch.no_grad():
        for k, (name, p) in enumerate(module.named_parameters()):
            if ".ln" in name or name.startswith("ln"):
                p.fill_(1.0 if name.endswith("weight") else 0.0)
                continue
            n = p.numel()
            p.copy_(base.roll(k * 7 + 1).repeat(n // block + 1)[:n].reshape(p.shape))


def export_text(model, path, batch=2, seq=7):
    model.eval()
    ids = torch.randint(0, 49406, (batch, seq))
    ids[:, -1] = 49407
    torch.onnx.export(
        model,
        (ids,),
        path,
        input_names=["input_ids"],
        output_names=["text_embeds", "last_hidden_state"],
        dynamic_axes={
            "input_ids": {0: "batch_size", 1: "sequence_length"},
            "text_embeds": {0: "batch_size"},
            "last_hidden_state": {0: "batch_size", 1: "sequence_length"},
        },
        opset_version=17,
        do_constant_folding=True,
    )


def export_vision(model, path, image_size, batch=2):
    model.eval()
    px = torch.randn(batch, 3, image_size, image_size)
    torch.onnx.export(
        model,
        (px,),
        path,
        input_names=["pixel_values"],
        output_names=["image_embeds", "last_hidden_state"],
        dynamic_axes={
            "pixel_values": {0: "batch_size"},
            "image_embeds": {0: "batch_size"},
            "last_hidden_state": {0: "batch_size"},
        },
        opset_version=17,
        do_constant_folding=True,
    )
