# Writes bench/models/vision_model_null.onnx: a near-free stand-in for the CLIP vision model with
# the same input and output (pixel_values float32 [N, 3, 224, 224] -> image_embeds float32 [N, 512]).
# It averages each channel and projects the 3 means to 512 dims, so its cost is one pass over the
# pixels: what the benchmark's non-model core-ms per image measures around it is everything else.
#   /usr/bin/python3 bench/models/make-null-vision.py
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(16)
w = numpy_helper.from_array(rng.standard_normal((3, 512)).astype(np.float32), name="proj")
nodes = [
    helper.make_node("ReduceMean", ["pixel_values"], ["means"], axes=[2, 3], keepdims=0),
    helper.make_node("MatMul", ["means", "proj"], ["image_embeds"]),
]
graph = helper.make_graph(
    nodes,
    "null_vision",
    [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, 224, 224])],
    [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 512])],
    initializer=[w],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="zebra-bench")
model.ir_version = 7
onnx.checker.check_model(model)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vision_model_null.onnx")
onnx.save(model, out)
print(out, os.path.getsize(out), "bytes")
