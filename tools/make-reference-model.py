#!/usr/bin/env python3
"""Builds a random-weight model shaped like UniTalker-B and exports it to ONNX, for benchmarks.

The real UniTalker weights are not redistributable; this stand-in has the same interface
(audio float32 [1,N], emo_id int32 [1], time_steps int32 [1] -> float32 [1,time_steps,51]) and
about the same size and cost, so speed and memory can be measured without them:

  * encoder like WavLM-base-plus (its public config): a 7-layer conv feature extractor, 512 channels,
    kernels (10,3,3,3,3,2,2), strides (5,2,2,2,2,2,2) -> 50 Hz, GroupNorm on the first layer, GELU;
    feature projection 512 -> 768; convolutional positional embedding (kernel 128, 16 groups);
    12 post-LayerNorm transformer layers, 768 wide, 12 heads, FFN 3072. (WavLM's gated relative
    position bias is left out.)
  * the last hidden states linearly interpolated (align_corners) to `time_steps` frames;
  * a temporal-conv decoder (768 -> 256, three kernel-5 convs with residuals) conditioned on a 64-d
    style embedding picked by emo_id (20 styles);
  * a linear head to 51 channels.

Output: models/unitalker-reference.onnx (git-ignored, ~380 MB). Needs the venv made with
`tools/setup-venv.sh --torch`. Usage: tools/.venv/bin/python tools/make-reference-model.py [-o PATH]
"""
import argparse
import os

import onnx
import torch
from torch import nn
from torch.nn import functional as F

STYLES = 20
STYLE_WIDTH = 64
CHANNELS = 51


class FeatureExtractor(nn.Module):
    def __init__(self):
        super().__init__()
        specs = [(10, 5)] + [(3, 2)] * 4 + [(2, 2)] * 2
        self.convs = nn.ModuleList()
        channels = 1
        for kernel, stride in specs:
            self.convs.append(nn.Conv1d(channels, 512, kernel, stride=stride, bias=False))
            channels = 512
        self.first_norm = nn.GroupNorm(512, 512)

    def forward(self, audio):                      # [B, N] -> [B, 512, L]
        x = audio.unsqueeze(1)
        for index, conv in enumerate(self.convs):
            x = conv(x)
            if index == 0:
                x = self.first_norm(x)
            x = F.gelu(x)
        return x


class SelfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)

    def forward(self, x):                          # [B, L, W]
        batch, length, width = x.shape
        q, k, v = self.qkv(x).reshape(batch, length, 3, self.heads, width // self.heads).permute(2, 0, 3, 1, 4)
        scores = torch.matmul(q, k.transpose(-1, -2)) / (width // self.heads) ** 0.5
        attended = torch.matmul(scores.softmax(dim=-1), v)
        return self.out(attended.transpose(1, 2).reshape(batch, length, width))


class EncoderLayer(nn.Module):
    def __init__(self, width=768, heads=12, ffn=3072):
        super().__init__()
        self.attention = SelfAttention(width, heads)
        self.norm1 = nn.LayerNorm(width)
        self.ffn = nn.Sequential(nn.Linear(width, ffn), nn.GELU(), nn.Linear(ffn, width))
        self.norm2 = nn.LayerNorm(width)

    def forward(self, x):
        x = self.norm1(x + self.attention(x))
        return self.norm2(x + self.ffn(x))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = FeatureExtractor()
        self.projection_norm = nn.LayerNorm(512)
        self.projection = nn.Linear(512, 768)
        self.position = nn.Conv1d(768, 768, 128, padding=64, groups=16)
        self.norm = nn.LayerNorm(768)
        self.layers = nn.ModuleList(EncoderLayer() for _ in range(12))

    def forward(self, audio):                      # [B, N] -> [B, L, 768]
        x = self.features(audio).transpose(1, 2)
        x = self.projection(self.projection_norm(x))
        position = F.gelu(self.position(x.transpose(1, 2))[:, :, :-1]).transpose(1, 2)
        x = self.norm(x + position)
        for layer in self.layers:
            x = layer(x)
        return x


def interpolate_linear(x, steps):
    """[B, L, C] -> [B, steps, C], linear with aligned corners (as F.interpolate(align_corners=True)),
    written with Range/Gather so that `steps` stays a run-time input in the ONNX graph."""
    length = x.shape[1]
    positions = torch.arange(steps, dtype=torch.float32, device=x.device)
    scale = (length - 1) / torch.clamp(steps.to(torch.float32) - 1, min=1.0)
    positions = positions * scale
    lower = torch.clamp(positions.floor().to(torch.int64), max=length - 1)
    upper = torch.clamp(lower + 1, max=length - 1)
    weight = (positions - lower.to(torch.float32)).unsqueeze(0).unsqueeze(-1)
    return x[:, lower] * (1 - weight) + x[:, upper] * weight


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.styles = nn.Embedding(STYLES, STYLE_WIDTH)
        self.input = nn.Linear(768 + STYLE_WIDTH, 256)
        self.convs = nn.ModuleList(nn.Conv1d(256, 256, 5, padding=2) for _ in range(3))
        self.head = nn.Linear(256, CHANNELS)

    def forward(self, features, emo_id):           # [B, T, 768], [B] -> [B, T, 51]
        style = self.styles(emo_id.to(torch.int64)).unsqueeze(1).expand(-1, features.shape[1], -1)
        x = self.input(torch.cat([features, style], dim=-1)).transpose(1, 2)
        for conv in self.convs:
            x = x + F.gelu(conv(x))
        return self.head(x.transpose(1, 2))


class UniTalkerLike(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def forward(self, audio, emo_id, time_steps):
        hidden = self.encoder(audio)
        frames = interpolate_linear(hidden, time_steps[0])
        return self.decoder(frames, emo_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", default="models/unitalker-reference.onnx")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    model = UniTalkerLike().eval()
    parameters = sum(p.numel() for p in model.parameters())
    print(f"parameters: {parameters / 1e6:.1f} M")
    audio = torch.randn(1, 32000)
    emo_id = torch.tensor([10], dtype=torch.int32)
    time_steps = torch.tensor([60], dtype=torch.int32)
    os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            model, (audio, emo_id, time_steps), args.output,
            dynamo=False, external_data=False, opset_version=17,
            input_names=["audio", "emo_id", "time_steps"], output_names=["blendshapes"],
            dynamic_axes={"audio": {1: "samples"}, "blendshapes": {1: "frames"}},
        )
    exported = onnx.load(args.output)
    if exported.ir_version > 10:   # ORT 1.23 reads IR <= 11; keep to 10 as the tiny model does
        exported.ir_version = 10
        onnx.save(exported, args.output)
    print(f"wrote {args.output} ({os.path.getsize(args.output) / 1e6:.0f} MB, IR {exported.ir_version})")


if __name__ == "__main__":
    main()
