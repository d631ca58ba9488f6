#!/usr/bin/python3
"""Rebuilds a training checkpoint (checkpoint.pt for train.py --resume) from a demo model's fp32 ONNX
files, so a later training stage can continue from the shipped model when the stage's own checkpoint
is gone (the checkpoints are not committed: they are training state, not product).

torch.onnx.export keeps parameter names for biases, LayerNorms, embeddings and convolutions, but
writes every nn.Linear weight transposed under a generated name (onnx::MatMul_N), numbered in the
order the forward pass uses them: per block q, k, v, o, fc1, fc2, then the projection. The logit
scale is not part of the ONNX graphs; --logit-scale sets it (train.py learns it again).

  /usr/bin/python3 scripts/demo-world/onnx-to-checkpoint.py MODEL_DIR OUT/checkpoint.pt [--logit-scale 50]
"""
import argparse, math, os, re
import onnx
from onnx import numpy_helper
import torch


def weights(path):
    m = onnx.load(path)
    named, matmuls = {}, []
    for init in m.graph.initializer:
        t = torch.from_numpy(numpy_helper.to_array(init).copy())
        mm = re.fullmatch(r'onnx::MatMul_(\d+)', init.name)
        if mm:
            matmuls.append((int(mm.group(1)), t))
        else:
            named[init.name] = t
    matmuls.sort(key=lambda x: x[0])
    return named, [t for _, t in matmuls]


def state(path, layers):
    named, mats = weights(path)
    if len(mats) != 6 * layers + 1:
        raise SystemExit('%s: expected %d MatMul weights, found %d' % (path, 6 * layers + 1, len(mats)))
    sd = dict(named)
    for b in range(layers):
        for j, part in enumerate(('q', 'k', 'v', 'o', 'fc1', 'fc2')):
            sd['blocks.%d.%s.weight' % (b, part)] = mats[6 * b + j].T.contiguous()
    sd['proj.weight'] = mats[-1].T.contiguous()
    return sd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('model')
    ap.add_argument('out')
    ap.add_argument('--logit-scale', type=float, default=50.0)
    args = ap.parse_args()
    onnx_dir = os.path.join(args.model, 'onnx')
    text = state(os.path.join(onnx_dir, 'text_model.onnx'), 3)
    vision = state(os.path.join(onnx_dir, 'vision_model.onnx'), 3)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save({'text': text, 'vision': vision, 'logit_scale': torch.tensor(math.log(args.logit_scale))}, args.out)
    print('wrote', args.out, '(text %d tensors, vision %d tensors)' % (len(text), len(vision)))


if __name__ == '__main__':
    main()
