#!/usr/bin/env python3
"""Builds a tiny ONNX model with the UniTalker interface, for tests.

Inputs and output follow the model contract (shared/reference/seed-behaviour.md §3):
  audio       float32 [1, N]   normalised 16 kHz speech
  emo_id      int32   [1]      style index (a row of the style embedding)
  time_steps  int32   [1]      number of output frames
  output 0    float32 [1, time_steps, 51]

The graph uses the same kinds of operators as the real model, at toy size (well under 100 kB):
a 7-layer strided Conv feature extractor with GELU (total stride 320, receptive field 400 samples,
i.e. 50 Hz features like WavLM), LayerNormalization, a one-head self-attention block (MatMul, Softmax),
linear interpolation of the features to `time_steps` frames (Resize, align_corners), a style embedding
picked by Gather(emo_id), a small temporal-conv decoder and a MatMul head. Weights are random but
seeded, so the file is reproducible.

Options build deliberately wrong variants for the contract tests:
  --audio-input-name NAME   rename the `audio` input (e.g. input_values)
  --output-width W          head width other than 51

Usage: tools/.venv/bin/python tools/make-test-model.py [-o PATH] [--seed S] [...]
"""
import argparse
import math

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

STYLE_COUNT = 12          # emo_id must be in 0..11 (10 = the reference's neutral style)
FEATURE_CHANNELS = 16     # conv feature extractor width (WavLM: 512)
HIDDEN = 32               # encoder / decoder width (WavLM: 768)
CONV_LAYERS = [(10, 5), (3, 2), (3, 2), (3, 2), (3, 2), (2, 2), (2, 2)]  # (kernel, stride), as WavLM's


class GraphBuilder:
    def __init__(self, rng):
        self.rng = rng
        self.nodes = []
        self.initializers = []
        self.counter = 0

    def name(self, prefix):
        self.counter += 1
        return f"{prefix}_{self.counter}"

    def const(self, prefix, array):
        name = self.name(prefix)
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def weight(self, prefix, shape, fan_in, gain=1.0):
        values = self.rng.standard_normal(shape) * gain * math.sqrt(2.0 / fan_in)
        return self.const(prefix, values.astype(np.float32))

    def op(self, op_type, inputs, prefix=None, **attributes):
        output = self.name(prefix or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=output, **attributes))
        return output

    def gelu(self, x):
        # GELU as torch exports it before opset 20: 0.5 * x * (1 + erf(x / sqrt(2)))
        scaled = self.op("Div", [x, self.const("sqrt2", np.array(math.sqrt(2.0), np.float32))])
        erf = self.op("Erf", [scaled])
        one_plus = self.op("Add", [erf, self.const("one", np.array(1.0, np.float32))])
        half_x = self.op("Mul", [x, self.const("half", np.array(0.5, np.float32))])
        return self.op("Mul", [half_x, one_plus], "gelu")

    def layer_norm(self, x, width):
        scale = self.const("ln_scale", (1.0 + 0.1 * self.rng.standard_normal(width)).astype(np.float32))
        bias = self.const("ln_bias", (0.1 * self.rng.standard_normal(width)).astype(np.float32))
        return self.op("LayerNormalization", [x, scale, bias], "layernorm", axis=-1, epsilon=1e-5)

    def linear(self, x, width_in, width_out, gain=1.0):
        weight = self.weight("linear_w", (width_in, width_out), width_in, gain)
        bias = self.const("linear_b", (0.05 * self.rng.standard_normal(width_out)).astype(np.float32))
        return self.op("Add", [self.op("MatMul", [x, weight]), bias], "linear")


def build(args):
    rng = np.random.default_rng(args.seed)
    g = GraphBuilder(rng)

    # Feature extractor: [1, N] -> [1, 1, N] -> strided convs -> [1, C, L] (L = 50 per second).
    x = g.op("Unsqueeze", [args.audio_input_name, g.const("axes", np.array([1], np.int64))])
    channels_in = 1
    for kernel, stride in CONV_LAYERS:
        weight = g.weight("conv_w", (FEATURE_CHANNELS, channels_in, kernel), channels_in * kernel)
        x = g.gelu(g.op("Conv", [x, weight], "conv", kernel_shape=[kernel], strides=[stride]))
        channels_in = FEATURE_CHANNELS

    # Encoder: LayerNorm, projection, one self-attention block with residual and LayerNorm.
    x = g.op("Transpose", [x], perm=[0, 2, 1])                       # [1, L, C]
    x = g.linear(g.layer_norm(x, FEATURE_CHANNELS), FEATURE_CHANNELS, HIDDEN)
    q = g.linear(x, HIDDEN, HIDDEN)
    k = g.linear(x, HIDDEN, HIDDEN)
    v = g.linear(x, HIDDEN, HIDDEN)
    scores = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 2, 1])])
    scores = g.op("Div", [scores, g.const("scale", np.array(math.sqrt(HIDDEN), np.float32))])
    attention = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
    x = g.layer_norm(g.op("Add", [x, attention]), HIDDEN)            # [1, L, H]

    # Linear interpolation of the 50 Hz features to time_steps frames.
    x = g.op("Transpose", [x], perm=[0, 2, 1])                       # [1, H, L]
    steps = g.op("Cast", ["time_steps"], to=TensorProto.INT64)
    sizes = g.op("Concat", [g.const("batch_hidden", np.array([1, HIDDEN], np.int64)), steps], axis=0)
    x = g.op("Resize", [x, "", "", sizes], "resize", mode="linear",
             coordinate_transformation_mode="align_corners")        # [1, H, T]

    # Style embedding chosen by emo_id, broadcast over time.
    styles = g.const("style_embedding", (0.5 * rng.standard_normal((STYLE_COUNT, HIDDEN))).astype(np.float32))
    style = g.op("Gather", [styles, "emo_id"], axis=0)               # [1, H]
    x = g.op("Add", [x, g.op("Unsqueeze", [style, g.const("axes", np.array([2], np.int64))])])

    # Temporal conv decoder with a residual connection.
    w1 = g.weight("tcn_w", (HIDDEN, HIDDEN, 3), HIDDEN * 3)
    w2 = g.weight("tcn_w", (HIDDEN, HIDDEN, 3), HIDDEN * 3, gain=0.5)
    y = g.op("Relu", [g.op("Conv", [x, w1], "tcn", kernel_shape=[3], pads=[1, 1])])
    y = g.op("Conv", [y, w2], "tcn", kernel_shape=[3], pads=[1, 1])
    x = g.op("Add", [x, y])

    # Head: [1, T, H] x [H, W].
    x = g.op("Transpose", [x], perm=[0, 2, 1])
    head = g.linear(x, HIDDEN, args.output_width, gain=0.2)
    g.nodes.append(helper.make_node("Identity", [head], ["blendshapes"], name="output"))

    graph = helper.make_graph(
        g.nodes,
        "unitalker_tiny",
        [
            helper.make_tensor_value_info(args.audio_input_name, TensorProto.FLOAT, [1, "samples"]),
            helper.make_tensor_value_info("emo_id", TensorProto.INT32, [1]),
            helper.make_tensor_value_info("time_steps", TensorProto.INT32, [1]),
        ],
        [helper.make_tensor_value_info("blendshapes", TensorProto.FLOAT, [1, "frames", args.output_width])],
        g.initializers,
    )
    model = helper.make_model(
        graph,
        ir_version=10,  # ORT 1.23 reads IR ≤ 11; onnx's default (14) is rejected
        opset_imports=[helper.make_opsetid("", 17)],
        producer_name="audio2face-swift tools/make-test-model.py",
    )
    model.doc_string = (
        f"Tiny random-weight stand-in for UniTalker (seed {args.seed}, {STYLE_COUNT} styles, "
        f"output width {args.output_width}); for tests only."
    )
    onnx.checker.check_model(model, full_check=True)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", default="Tests/OnnxRuntimeTests/Fixtures/unitalker-tiny.onnx")
    parser.add_argument("--seed", type=int, default=20240917)
    parser.add_argument("--audio-input-name", default="audio")
    parser.add_argument("--output-width", type=int, default=51)
    args = parser.parse_args()
    model = build(args)
    onnx.save(model, args.output)
    size = len(model.SerializeToString())
    print(f"wrote {args.output} ({size} bytes, {len(model.graph.node)} nodes)")


if __name__ == "__main__":
    main()
