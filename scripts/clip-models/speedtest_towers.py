# Non-CLIP towers for the speed tests (make_speedtest.py), in plain PyTorch with the published
# models' shapes and operations; only their cost matters (speed-test weights are tiled random).
# - XLM-RoBERTa as M-CLIP uses it (Immich's textual/model.onnx): word + position + token-type
#   embeddings with LayerNorm, post-LN blocks with erf GELU and the attention mask added to the
#   scores, mean pooling over the mask, a linear projection (with bias) into CLIP's space.
#   input_ids + attention_mask (int64) -> embedding.
# - SigLIP 2 at a fixed resolution (onnx-community/siglip2-base-patch16-*): pre-LN blocks, tanh
#   GELU, LayerNorm eps 1e-6. Text: token + position embeddings, no mask, final LayerNorm, the last
#   position through a linear head. Vision: a patch conv with bias, position embeddings (no class
#   token), post LayerNorm, then the attention-pooling head (one learned probe attends over the
#   tokens, then LayerNorm + MLP with a residual). -> last_hidden_state, pooler_output.
import math

import torch
from torch import nn
from torch.nn import functional as F


def _attend(q, k, v, heads, bias=None):
    b, n, w = q.shape
    m = k.shape[1]
    hd = w // heads
    q = q.reshape(b, n, heads, hd).transpose(1, 2)
    k = k.reshape(b, m, heads, hd).transpose(1, 2)
    v = v.reshape(b, m, heads, hd).transpose(1, 2)
    att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hd))
    if bias is not None:
        att = att + bias
    return (att.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w)


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(width, width)
        self.k = nn.Linear(width, width)
        self.v = nn.Linear(width, width)
        self.o = nn.Linear(width, width)

    def forward(self, x, kv=None, bias=None):
        kv = x if kv is None else kv
        return self.o(_attend(self.q(x), self.k(kv), self.v(kv), self.heads, bias))


class PostLNBlock(nn.Module):
    """BERT/RoBERTa layer: residual, then LayerNorm."""

    def __init__(self, width, heads, ffn):
        super().__init__()
        self.attn = Attention(width, heads)
        self.ln_attn = nn.LayerNorm(width, eps=1e-5)
        self.fc1 = nn.Linear(width, ffn)
        self.fc2 = nn.Linear(ffn, width)
        self.ln_ffn = nn.LayerNorm(width, eps=1e-5)

    def forward(self, x, bias):
        x = self.ln_attn(x + self.attn(x, bias=bias))
        return self.ln_ffn(x + self.fc2(F.gelu(self.fc1(x))))


class PreLNBlock(nn.Module):
    """SigLIP layer: LayerNorm, then residual; tanh GELU."""

    def __init__(self, width, heads, ffn):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=1e-6)
        self.attn = Attention(width, heads)
        self.ln_2 = nn.LayerNorm(width, eps=1e-6)
        self.fc1 = nn.Linear(width, ffn)
        self.fc2 = nn.Linear(ffn, width)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.fc2(F.gelu(self.fc1(self.ln_2(x)), approximate="tanh"))


class XlmrTextTower(nn.Module):
    PAD = 1  # XLM-R's <pad>; positions count from PAD + 1 as fairseq's do

    def __init__(self, width, layers, heads, ffn, proj, vocab=250002, positions=514):
        super().__init__()
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Embedding(positions, width)
        self.tok_type = nn.Embedding(1, width)
        self.ln_emb = nn.LayerNorm(width, eps=1e-5)
        self.blocks = nn.ModuleList([PostLNBlock(width, heads, ffn) for _ in range(layers)])
        self.proj = nn.Linear(width, proj)

    def forward(self, input_ids, attention_mask):
        real = input_ids.ne(self.PAD).long()
        pos_ids = torch.cumsum(real, 1) * real + self.PAD
        x = self.tok(input_ids) + self.pos(pos_ids) + self.tok_type.weight[0]
        x = self.ln_emb(x)
        m = attention_mask.to(x.dtype)
        bias = ((1.0 - m) * torch.finfo(torch.float32).min)[:, None, None, :]
        for blk in self.blocks:
            x = blk(x, bias)
        pooled = (x * m[..., None]).sum(1) / m.sum(1, keepdim=True)
        return self.proj(pooled)


class SiglipTextTower(nn.Module):
    def __init__(self, width, layers, heads, ffn, vocab=256000, ctx=64):
        super().__init__()
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Parameter(torch.zeros(ctx, width))
        self.blocks = nn.ModuleList([PreLNBlock(width, heads, ffn) for _ in range(layers)])
        self.ln_final = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, width)

    def forward(self, input_ids):
        x = self.tok(input_ids) + self.pos[: input_ids.shape[1]]
        for blk in self.blocks:
            x = blk(x)
        x = self.ln_final(x)
        return x, self.head(x[:, -1])


class SiglipVisionTower(nn.Module):
    def __init__(self, width, layers, heads, ffn, image_size, patch):
        super().__init__()
        self.patch = nn.Conv2d(3, width, patch, patch)
        self.pos = nn.Parameter(torch.zeros((image_size // patch) ** 2, width))
        self.blocks = nn.ModuleList([PreLNBlock(width, heads, ffn) for _ in range(layers)])
        self.ln_post = nn.LayerNorm(width, eps=1e-6)
        # attention-pooling ("MAP") head
        self.probe = nn.Parameter(torch.zeros(1, 1, width))
        self.pool = Attention(width, heads)
        self.ln_head = nn.LayerNorm(width, eps=1e-6)
        self.head_fc1 = nn.Linear(width, ffn)
        self.head_fc2 = nn.Linear(ffn, width)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2) + self.pos
        for blk in self.blocks:
            x = blk(x)
        x = self.ln_post(x)
        p = self.pool(self.probe.expand(x.shape[0], 1, -1), kv=x)
        p = p + self.head_fc2(F.gelu(self.head_fc1(self.ln_head(p)), approximate="tanh"))
        return x, p[:, 0]


def _export(model, args, path, inputs, outputs, axes):
    model.eval()
    with torch.no_grad():
        torch.onnx.export(
            model,
            args,
            path,
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=axes,
            opset_version=17,
            do_constant_folding=True,
        )


def export_xlmr(model, path):
    ids = torch.randint(5, 1000, (2, 9))
    mask = torch.ones_like(ids)
    ids[1, 6:], mask[1, 6:] = XlmrTextTower.PAD, 0
    seq = {0: "batch_size", 1: "sequence_length"}
    axes = {"input_ids": seq, "attention_mask": seq, "embedding": {0: "batch_size"}}
    _export(model, (ids, mask), path, ["input_ids", "attention_mask"], ["embedding"], axes)


def export_siglip_text(model, path, ctx=64):
    ids = torch.randint(5, 1000, (2, ctx))
    axes = {"input_ids": {0: "batch_size"}, "pooler_output": {0: "batch_size"}}
    axes["last_hidden_state"] = {0: "batch_size"}
    _export(model, (ids,), path, ["input_ids"], ["last_hidden_state", "pooler_output"], axes)


def export_siglip_vision(model, path, image_size):
    px = torch.randn(2, 3, image_size, image_size)
    axes = {"pixel_values": {0: "batch_size"}, "pooler_output": {0: "batch_size"}}
    axes["last_hidden_state"] = {0: "batch_size"}
    _export(model, (px,), path, ["pixel_values"], ["last_hidden_state", "pooler_output"], axes)
