#!/usr/bin/python3
"""Export an ISSA codec (masked noise encoder + StyleGAN2 synthesis) to the ISSA Stream contract.

For people who hold the real ISSA encoder and StyleGAN2 generator checkpoints. Their code is not part
of this project (ISSA is AGPL-3.0, StyleGAN2 is under NVIDIA's licence), so you provide a small
adapter file that builds the two networks from your own checkouts:

    # my_adapter.py
    def load_encoder(path):    # -> nn.Module: image [B,3,H,W] in [-1,1] -> (w_plus [B,L,D], [n_0, n_1, ...])
        ...
    def load_synthesis(path):  # -> nn.Module: (w_plus [B,L,D], [n_0, n_1, ...]) -> image [B,3,H,W]
        ...

Fold equalised-learning-rate scales into the weights before returning (or call fold_scales below),
and make the synthesis add the given noise maps where the encoder predicted them (every other noise
input of G constant). Then:

    /usr/bin/python3 tools/torchscript/export_issa.py --adapter my_adapter.py \\
        --encoder-ckpt encoder.pth --generator-ckpt generator.pkl --out codecs/issa-cityscapes \\
        --id issa-cityscapes --version 1.0 --height 256 --width 512 --num-styles 16 --style-dim 512 \\
        --noise 256x64x128,256x64x128

The tool wraps both networks in flat-tuple modules (encoder -> (w_plus, n_0, n_1, ...); synthesis
takes w_plus, n_0, n_1, ... positionally), traces them, checks every output shape against the
declared ones at two batch sizes, compares the traced and eager outputs, and writes encoder.pt,
synthesis.pt and manifest.json with the sha256 of both files.

--standin replaces the adapter with randomly initialised networks of the published I/O shapes
(tools/torchscript/issa_contract.py, small internals): that is how the export path is tested here,
since no real weights are available.
"""
import argparse
import hashlib
import importlib.util
import json
import os

import torch
import torch.nn as nn


class FlatEncoder(nn.Module):
    """image -> (w_plus, n_0, n_1, ...), whatever nesting the wrapped encoder returns."""

    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, image):
        out = self.enc(image)
        w_plus, noise = out[0], out[1]
        if isinstance(noise, torch.Tensor):  # an encoder returning (w_plus, n_0, n_1, ...) already
            return tuple(out)
        return (w_plus,) + tuple(noise)


class FlatSynthesis(nn.Module):
    """(w_plus, n_0, n_1, ...) positional -> image."""

    def __init__(self, syn):
        super().__init__()
        self.syn = syn

    def forward(self, w_plus, *noise):
        return self.syn(w_plus, list(noise))


def fold_scales(module, weight_attr="weight", gain_attrs=("weight_gain", "scale", "w_scale")):
    """Multiply an equalised-LR runtime gain into the stored weight of every submodule that has one,
    then set the gain to 1, so the traced graph holds plain weights. Returns the number folded."""
    folded = 0
    for m in module.modules():
        w = getattr(m, weight_attr, None)
        if not isinstance(w, torch.Tensor):
            continue
        for g in gain_attrs:
            gain = getattr(m, g, None)
            if isinstance(gain, (int, float)) and gain != 1:
                with torch.no_grad():
                    w.mul_(gain)
                setattr(m, g, 1.0)
                folded += 1
    return folded


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _check(name, t, shape):
    if tuple(t.shape) != tuple(shape):
        raise ValueError(f"{name} has shape {tuple(t.shape)}, expected {tuple(shape)}")


def device_constants(traced):
    """Devices a traced module has hard-coded (tracing records device=x.device as a constant)."""
    found = set()
    for line in str(traced.inlined_graph).splitlines():
        if "Device = prim::Constant" in line and 'value="' in line:
            found.add(line.split('value="', 1)[1].split('"', 1)[0])
    return sorted(found)


def export_codec(encoder, synthesis, spec, out_dir, codec_id, version, default_mix_slots=None, trace_batch=2,
                 check_batch=3, tol=1e-4):
    """Trace flat-tuple wrappers of `encoder` and `synthesis`, verify shapes, write the codec dir.
    spec: dict(h, w, L, D, noise=[(C,H,W), ...]). Returns (traced encoder, traced synthesis)."""
    h, w, L, D, noise = spec["h"], spec["w"], spec["L"], spec["D"], [tuple(s) for s in spec["noise"]]
    os.makedirs(out_dir, exist_ok=True)
    fenc, fsyn = FlatEncoder(encoder).eval(), FlatSynthesis(synthesis).eval()
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        example = torch.rand(trace_batch, 3, h, w, generator=gen) * 2 - 1
        enc_ts = torch.jit.trace(fenc, example, check_trace=False)
        outs = enc_ts(example)
        syn_ts = torch.jit.trace(fsyn, tuple(outs), check_trace=False)
        for b in (trace_batch, check_batch):  # a batch size other than the traced one must work too
            x = torch.rand(b, 3, h, w, generator=gen) * 2 - 1
            o = enc_ts(x)
            if len(o) != 1 + len(noise):
                raise ValueError(f"encoder returns {len(o)} tensors, expected w_plus and {len(noise)} noise maps")
            _check("encoder w_plus", o[0], (b, L, D))
            for k, s in enumerate(noise):
                _check(f"encoder noise {k}", o[1 + k], (b,) + s)
            img = syn_ts(*o)
            _check("synthesis image", img, (b, 3, h, w))
            eager = fsyn(*fenc(x))
            diff = (eager - img).abs().max().item()
            if diff > tol:
                raise ValueError(f"traced and eager outputs differ by {diff} at batch {b} (data-dependent control flow?)")
    for name, ts in (("encoder", enc_ts), ("synthesis", syn_ts)):
        fixed = device_constants(ts)
        if fixed:
            raise ValueError(
                f"traced {name} has the device(s) {fixed} baked in: it would only run there (the worker's "
                "codec.device may be a GPU). Usually a tensor created in forward with device=x.device "
                "(torch.zeros/ones/arange/full(..., device=...)); use x.new_zeros(...), torch.zeros_like(x) "
                "or arithmetic on existing tensors instead, then export again.")
    enc_ts.save(os.path.join(out_dir, "encoder.pt"))
    syn_ts.save(os.path.join(out_dir, "synthesis.pt"))
    manifest = {
        "format": 1, "id": codec_id, "version": version, "backend": "torchscript",
        "height": h, "width": w, "numStyles": L, "styleDim": D,
        "noiseShapes": [list(s) for s in noise],
        "normalisation": "minus_one_to_one",
        "defaultMixSlots": list(default_mix_slots if default_mix_slots is not None else range(L)),
        "files": {n: sha256(os.path.join(out_dir, n)) for n in ("encoder.pt", "synthesis.pt")},
        "properties": {"encoder": "encoder.pt", "synthesis": "synthesis.pt"},
    }
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return enc_ts, syn_ts


def parse_noise(text):
    return [tuple(int(v) for v in part.split("x")) for part in text.split(",")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--adapter", help="python file defining load_encoder(path) and load_synthesis(path)")
    ap.add_argument("--encoder-ckpt")
    ap.add_argument("--generator-ckpt")
    ap.add_argument("--standin", action="store_true", help="random networks of the published shapes instead of an adapter")
    ap.add_argument("--out", required=True)
    ap.add_argument("--id", default="issa-cityscapes-256x512")
    ap.add_argument("--version", default="1.0")
    ap.add_argument("--height", type=int, default=256)
    ap.add_argument("--width", type=int, default=512)
    ap.add_argument("--num-styles", type=int, default=16)
    ap.add_argument("--style-dim", type=int, default=512)
    ap.add_argument("--noise", default="256x64x128,256x64x128", help="C x H x W of each noise map, comma-separated")
    ap.add_argument("--mix-slots", help="default style slots for mixing, e.g. 0-15 or 3,4,5 (default: all)")
    args = ap.parse_args()
    spec = dict(h=args.height, w=args.width, L=args.num_styles, D=args.style_dim, noise=parse_noise(args.noise))
    if args.standin:
        import issa_contract as ic
        torch.manual_seed(0)
        enc = ic.Encoder(spec["h"], spec["w"], spec["L"], spec["D"], spec["noise"], [8, 16, 32, 32, 32], 32, 32)
        chans = [32] * 7
        for i, (lh, lw) in enumerate(ic._levels(spec["h"], spec["w"], 4)):
            if (lh, lw) == spec["noise"][0][1:]:
                chans[i] = spec["noise"][0][0]
        syn = ic.Synthesis(spec["h"], spec["w"], spec["L"], spec["D"], spec["noise"], chans[:len(ic._levels(spec["h"], spec["w"], 4))])
    else:
        if not (args.adapter and args.encoder_ckpt and args.generator_ckpt):
            ap.error("--adapter, --encoder-ckpt and --generator-ckpt are required unless --standin")
        sp = importlib.util.spec_from_file_location("issa_adapter", args.adapter)
        adapter = importlib.util.module_from_spec(sp)
        sp.loader.exec_module(adapter)
        enc = adapter.load_encoder(args.encoder_ckpt)
        syn = adapter.load_synthesis(args.generator_ckpt)
    slots = None
    if args.mix_slots:
        slots = []
        for part in args.mix_slots.split(","):
            a, _, b = part.partition("-")
            slots.extend(range(int(a), int(b) + 1) if b else [int(a)])
    export_codec(enc.eval(), syn.eval(), spec, args.out, args.id, args.version, slots)
    print(json.dumps({"out": args.out, "id": args.id, "spec": {k: v for k, v in spec.items()}}))


if __name__ == "__main__":
    main()
