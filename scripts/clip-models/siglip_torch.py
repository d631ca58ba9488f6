# SigLIP in plain PyTorch (no transformers), written after transformers' SiglipModel, and exported
# to ONNX in the layout onnx-community/siglip2-* repos ship:
#   onnx/text_model.onnx    input_ids -> last_hidden_state, pooler_output
#   onnx/vision_model.onnx  pixel_values -> last_hidden_state, pooler_output
#   onnx/model.onnx         input_ids, pixel_values -> logits_per_image, logits_per_text,
#                           text_embeds, image_embeds (logit_scale and logit_bias are weights here)
# Text: token + position embeddings, pre-LN blocks without any mask (SigLIP's text encoder sees its
# padding), final LayerNorm, pooled at the last position through a linear head. Vision: a patch
# conv, position embeddings, pre-LN blocks, post LayerNorm, then the attention-pooling head (a
# learned probe attending over the tokens, LayerNorm and MLP with a residual). MLPs use gelu with
# the tanh approximation, LayerNorm eps 1e-6, as SigLIP's configs do.
import math

import torch
from torch import nn


class Mlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(nn.functional.gelu(self.fc1(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, width, heads, hidden):
        super().__init__()
        self.heads = heads
        self.layer_norm1 = nn.LayerNorm(width, eps=1e-6)
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)
        self.layer_norm2 = nn.LayerNorm(width, eps=1e-6)
        self.mlp = Mlp(width, hidden)

    def forward(self, x):
        b, n, w = x.shape
        hd = w // self.heads
        h = self.layer_norm1(x)

        def split(t):
            return t.reshape(b, n, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.q_proj(h)), split(self.k_proj(h)), split(self.v_proj(h))
        att = ((q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hd))).softmax(-1)
        x = x + self.out_proj((att @ v).transpose(1, 2).reshape(b, n, w))
        return x + self.mlp(self.layer_norm2(x))


class TextTower(nn.Module):
    def __init__(self, vocab, width, layers, heads, hidden, ctx=64):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab, width)
        self.position_embedding = nn.Embedding(ctx, width)
        self.layers = nn.ModuleList([Block(width, heads, hidden) for _ in range(layers)])
        self.final_layer_norm = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, width)

    def forward(self, input_ids):
        n = input_ids.shape[1]
        pos = torch.arange(n, device=input_ids.device).unsqueeze(0)
        x = self.token_embedding(input_ids) + self.position_embedding(pos)
        for blk in self.layers:
            x = blk(x)
        x = self.final_layer_norm(x)
        return x, self.head(x[:, -1, :])


class PoolingHead(nn.Module):
    """SiglipMultiheadAttentionPoolingHead: one learned probe attends over the tokens."""

    def __init__(self, width, heads, hidden):
        super().__init__()
        self.probe = nn.Parameter(torch.zeros(1, 1, width))
        self.attention = nn.MultiheadAttention(width, heads, batch_first=True)
        self.layernorm = nn.LayerNorm(width, eps=1e-6)
        self.mlp = Mlp(width, hidden)

    def forward(self, x):
        probe = self.probe.repeat(x.shape[0], 1, 1)
        h = self.attention(probe, x, x, need_weights=False)[0]
        h = h + self.mlp(self.layernorm(h))
        return h[:, 0]


class VisionTower(nn.Module):
    def __init__(self, width, layers, heads, hidden, image_size, patch):
        super().__init__()
        self.patch_embedding = nn.Conv2d(3, width, patch, patch)
        self.position_embedding = nn.Embedding((image_size // patch) ** 2, width)
        self.layers = nn.ModuleList([Block(width, heads, hidden) for _ in range(layers)])
        self.post_layernorm = nn.LayerNorm(width, eps=1e-6)
        self.head = PoolingHead(width, heads, hidden)

    def forward(self, pixel_values):
        x = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)
        x = x + self.position_embedding.weight.unsqueeze(0)
        for blk in self.layers:
            x = blk(x)
        x = self.post_layernorm(x)
        return x, self.head(x)


def l2(t):
    return t / t.norm(p=2, dim=-1, keepdim=True)


class Siglip(nn.Module):
    """folded=True exports exp(logit_scale) as one constant, as an export that folds constants
    writes it; otherwise the graph keeps Exp over the logit_scale weight."""

    def __init__(self, text, vision, logit_scale, logit_bias, folded=False):
        super().__init__()
        self.text_model = text
        self.vision_model = vision
        self.logit_scale = nn.Parameter(torch.tensor([logit_scale]))
        self.logit_bias = nn.Parameter(torch.tensor([logit_bias]))
        self.folded = folded
        self.register_buffer("folded_scale", torch.tensor([logit_scale]).exp())

    def forward(self, input_ids, pixel_values):
        text_embeds = l2(self.text_model(input_ids)[1])
        image_embeds = l2(self.vision_model(pixel_values)[1])
        scale = self.folded_scale if self.folded else self.logit_scale.exp()
        logits_per_text = text_embeds @ image_embeds.t() * scale + self.logit_bias
        return logits_per_text.t(), logits_per_text, text_embeds, image_embeds


def init_random(module, seed, std=0.02):
    """Normal weights (larger for embeddings so tokens differ visibly), zero biases, unit norms."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name in ("logit_scale", "logit_bias"):
                continue
            if "norm" in name:
                p.fill_(1.0 if name.endswith("weight") else 0.0)
            elif name.endswith("bias"):
                p.copy_(torch.randn(p.shape, generator=g) * std)
            else:
                big = "embedding" in name or "probe" in name
                p.copy_(torch.randn(p.shape, generator=g) * (0.5 if big else std * 4))


class _Pooled(nn.Module):
    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, x):
        return self.tower(x)


def export_text(tower, path, vocab):
    ids = torch.randint(4, vocab, (2, 64))
    torch.onnx.export(
        _Pooled(tower).eval(),
        (ids,),
        path,
        input_names=["input_ids"],
        output_names=["last_hidden_state", "pooler_output"],
        dynamic_axes={
            "input_ids": {0: "batch_size", 1: "sequence_length"},
            "last_hidden_state": {0: "batch_size", 1: "sequence_length"},
            "pooler_output": {0: "batch_size"},
        },
        opset_version=17,
        do_constant_folding=True,
    )


def export_vision(tower, path, image_size):
    px = torch.randn(2, 3, image_size, image_size)
    torch.onnx.export(
        _Pooled(tower).eval(),
        (px,),
        path,
        input_names=["pixel_values"],
        output_names=["last_hidden_state", "pooler_output"],
        dynamic_axes={
            "pixel_values": {0: "batch_size"},
            "last_hidden_state": {0: "batch_size"},
            "pooler_output": {0: "batch_size"},
        },
        opset_version=17,
        do_constant_folding=True,
    )


def export_combined(model, path, image_size, vocab):
    ids = torch.randint(4, vocab, (2, 64))
    px = torch.randn(3, 3, image_size, image_size)
    torch.onnx.export(
        model.eval(),
        (ids, px),
        path,
        input_names=["input_ids", "pixel_values"],
        output_names=["logits_per_image", "logits_per_text", "text_embeds", "image_embeds"],
        dynamic_axes={
            "input_ids": {0: "text_batch_size", 1: "sequence_length"},
            "pixel_values": {0: "image_batch_size"},
            "logits_per_image": {0: "image_batch_size", 1: "text_batch_size"},
            "logits_per_text": {0: "text_batch_size", 1: "image_batch_size"},
            "text_embeds": {0: "text_batch_size"},
            "image_embeds": {0: "image_batch_size"},
        },
        opset_version=17,
        do_constant_folding=True,
    )
