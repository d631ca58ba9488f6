// The one-node ONNX graph onnxruntime runs for large score matrices (math/gemm.ts), encoded by
// protobufjs from the messages of onnx's own schema (onnx/onnx.proto, IR 8) that the graph uses —
// field numbers copied verbatim, nothing else declared.
import protobuf from 'protobufjs'

const ONNX_SUBSET = `
syntax = "proto2";
package onnx;
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message ModelProto {
  optional int64 ir_version = 1;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
`

/** TensorProto.DataType.FLOAT */
const FLOAT = 1

let modelType: protobuf.Type | null = null

function floatTensor(name: string, dims: string[]): object {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((dimParam) => ({ dimParam })) } } }
  }
}

/** ONNX model: Y[M,N] = MatMul(A[M,K], B[K,N]) with symbolic dims (IR 8, opset 13). */
export function matMulModelBytes(): Uint8Array {
  modelType ??= protobuf.parse(ONNX_SUBSET).root.lookupType('onnx.ModelProto')
  const model = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      node: [{ input: ['A', 'B'], output: ['Y'], name: 'mm', opType: 'MatMul' }],
      name: 'zebra_score',
      input: [floatTensor('A', ['M', 'K']), floatTensor('B', ['K', 'N'])],
      output: [floatTensor('Y', ['M', 'N'])]
    }
  }
  const err = modelType.verify(model)
  if (err) throw new Error(`matMulModelBytes: ${err}`)
  return modelType.encode(modelType.fromObject(model)).finish()
}
