# Dynamic uint8 weight quantization of an ONNX graph, the transform onnxruntime's quantize_dynamic
# applies to the *_quantized.onnx files on the Hub (Debian has no onnxruntime for Python): every
# MatMul with a constant 2-D weight becomes DynamicQuantizeLinear(input) -> MatMulInteger -> Cast ->
# Mul(input scale x weight scale). Same operations and cost as the Hub's quantized CLIP graphs; the
# patch-embedding Conv stays float (one op of ~100).
#   /usr/bin/python3 scripts/clip-models/quantize.py IN.onnx OUT.onnx
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def quantize(model):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes, new_inits, dq_of = [], [], {}
    for node in g.node:
        w = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if w is None or len(w.dims) != 2 or w.data_type != TensorProto.FLOAT:
            new_nodes.append(node)
            continue
        a = node.input[0]
        if a not in dq_of:
            q = [f"{a}_q", f"{a}_scale", f"{a}_zp"]
            new_nodes.append(helper.make_node("DynamicQuantizeLinear", [a], q, name=f"{a}_dql"))
            dq_of[a] = q
        aq, ascale, azp = dq_of[a]
        arr = numpy_helper.to_array(w).astype(np.float32)
        lo, hi = min(0.0, float(arr.min())), max(0.0, float(arr.max()))
        scale = (hi - lo) / 255.0 or 1.0
        zp = int(np.clip(round(-lo / scale), 0, 255))
        wq = np.clip(np.round(arr / scale) + zp, 0, 255).astype(np.uint8)
        base = w.name
        new_inits += [
            numpy_helper.from_array(wq, f"{base}_quantized"),
            numpy_helper.from_array(np.array(scale, dtype=np.float32), f"{base}_scale"),
            numpy_helper.from_array(np.array(zp, dtype=np.uint8), f"{base}_zp"),
        ]
        out = node.output[0]
        new_nodes += [
            helper.make_node(
                "MatMulInteger", [aq, f"{base}_quantized", azp, f"{base}_zp"], [f"{out}_i32"]
            ),
            helper.make_node("Cast", [f"{out}_i32"], [f"{out}_f"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [ascale, f"{base}_scale"], [f"{out}_s"]),
            helper.make_node("Mul", [f"{out}_f", f"{out}_s"], [out]),
        ]
    used = {i for n in new_nodes for i in n.input}
    kept = [i for i in g.initializer if i.name in used]
    del g.node[:]
    g.node.extend(new_nodes)
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    model.producer_name = "zebra-quantize"
    return model


if __name__ == "__main__":
    m = quantize(onnx.load(sys.argv[1]))
    onnx.save(m, sys.argv[2])
    print(sys.argv[2])
