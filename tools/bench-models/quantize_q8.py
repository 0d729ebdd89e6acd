"""Dynamic 8-bit quantization of a transformers.js ONNX export, for benchmarks: writes
onnx/<name>_quantized.onnx next to each onnx/<name>.onnx, the files transformers.js loads with
dtype 'q8'. Real Hugging Face exports (Xenova/*, optimum) ship these files; the random benchmark
model does not, and onnxruntime's Python quantizer is not installable here, so this does what its
quantize_dynamic does for MatMul: every MatMul whose right operand is a constant weight becomes
DynamicQuantizeLinear(activation) -> MatMulInteger(uint8 x int8 weights) -> Cast -> Mul(scales),
with int8 weights scaled symmetrically per output column. Everything else stays float.
Needs Debian's python3-onnx (numpy):  /usr/bin/python3 quantize_q8.py MODEL_DIR"""
import os, sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

def quantize(src, dst):
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    nodes, added, replaced = [], [], set()
    count = 0
    for node in graph.node:
        w = inits.get(node.input[1]) if node.op_type == "MatMul" else None
        if w is None or len(w.dims) != 2 or w.data_type != TensorProto.FLOAT:
            nodes.append(node)
            continue
        count += 1
        weights = numpy_helper.to_array(w).astype(np.float32)
        scale = np.maximum(np.abs(weights).max(axis=0), 1e-8) / 127.0  # one scale per output column
        q = np.clip(np.round(weights / scale), -127, 127).astype(np.int8)
        base = f"{node.name or node.output[0]}_q8_{count}"
        added += [
            numpy_helper.from_array(q, f"{base}_w"),
            numpy_helper.from_array(scale.astype(np.float32), f"{base}_wscale"),
            numpy_helper.from_array(np.array(0, dtype=np.int8), f"{base}_wzero"),
        ]
        replaced.add(w.name)
        x = node.input[0]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [f"{base}_xq", f"{base}_xscale", f"{base}_xzero"], name=f"{base}_dql"),
            helper.make_node("MatMulInteger", [f"{base}_xq", f"{base}_w", f"{base}_xzero", f"{base}_wzero"], [f"{base}_int"], name=f"{base}_mmi"),
            helper.make_node("Cast", [f"{base}_int"], [f"{base}_float"], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [f"{base}_xscale", f"{base}_wscale"], [f"{base}_scale"], name=f"{base}_scales"),
            helper.make_node("Mul", [f"{base}_float", f"{base}_scale"], [node.output[0]], name=f"{base}_rescale"),
        ]
    # A weight still used by another node (none in these exports) stays.
    still_used = {i for n in nodes for i in n.input}
    keep = [i for i in graph.initializer if i.name not in replaced or i.name in still_used]
    del graph.initializer[:]
    graph.initializer.extend(keep + added)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, dst)
    print(f"{dst}: {count} MatMul quantized, {os.path.getsize(src) >> 20} MB -> {os.path.getsize(dst) >> 20} MB")

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    onnx_dir = os.path.join(sys.argv[1], "onnx")
    for name in ("encoder_model", "decoder_model_merged"):
        quantize(os.path.join(onnx_dir, f"{name}.onnx"), os.path.join(onnx_dir, f"{name}_quantized.onnx"))
