#!/usr/bin/python3
"""Generate a random-weight TorchScript codec that honours the ISSA Stream model contract.

  /usr/bin/python3 tools/torchscript/make_fixture.py --kind tiny  --out DIR [--ref DIR]
  /usr/bin/python3 tools/torchscript/make_fixture.py --kind bench --out DIR

Writes DIR/encoder.pt, DIR/synthesis.pt (traced flat-tuple wrappers), DIR/manifest.json with the
sha256 of both, and DIR/model-info.json (parameter counts, FLOPs per sample; read by the benchmark). With --ref, also records reference inputs and outputs as .npy in a separate
directory (a codec directory refuses unpinned .npy files):
  images.npy  uint8 [B,H,W,3]          input images
  w_plus.npy  float32 [B,L,D]          encoder output
  noise_K.npy float32 [B,C_K,H_K,W_K]  encoder noise outputs
  synth.npy   float32 [B,3,H,W]        synthesis(w_plus, noise), i.e. the reconstruction
  mix.npy     float32 [1,3,H,W]        synthesis(w_plus[1], noise[0]): content 0, style 1, all slots

Kinds:
  tiny   16x32 images, L=4, D=8, noise 2x[4,4,8]      (unit-test fixture, a few KB)
  bench  64x128 images, L=10, D=128, noise 2x[64,16,32], encoder ~1.8 M and synthesis ~0.75 M
         parameters: the mini codec's shapes, for ./issa bench codec
  issa   256x512, L=16, D=512, noise 2x[256,64,128]: the published I/O shapes, small internals
Requires Debian's python3-torch (torch 1.13); run with /usr/bin/python3.
"""
import argparse
import json
import os

import numpy as np
import torch

import export_issa
import issa_contract as ic

KINDS = {
    "tiny": dict(h=16, w=32, L=4, D=8, noise=[(4, 4, 8), (4, 4, 8)], start_h=2,
                 syn_channels=[8, 4, 8, 8], enc_widths=[4, 8, 8, 8, 8], fpn=8, head=8),
    "bench": dict(h=64, w=128, L=10, D=128, noise=[(64, 16, 32), (64, 16, 32)], start_h=4,
                  syn_channels=[128, 128, 64, 48, 32], enc_widths=[32, 64, 128, 192, 256], fpn=128, head=192),
    "issa": dict(h=256, w=512, L=16, D=512, noise=[(256, 64, 128), (256, 64, 128)], start_h=4,
                 syn_channels=[32, 32, 32, 32, 256, 16, 16], enc_widths=[8, 16, 32, 32, 32], fpn=32, head=32),
}


def build(kind, seed):
    k = KINDS[kind]
    torch.manual_seed(seed)
    enc = ic.Encoder(k["h"], k["w"], k["L"], k["D"], k["noise"], k["enc_widths"], k["fpn"], k["head"]).eval()
    syn = ic.Synthesis(k["h"], k["w"], k["L"], k["D"], k["noise"], k["syn_channels"], k["start_h"]).eval()
    return k, enc, syn


def export(enc, syn, k, out_dir, codec_id, version):
    """Trace, check and write the codec directory with the export tool's code path."""
    spec = dict(h=k["h"], w=k["w"], L=k["L"], D=k["D"], noise=k["noise"])
    return export_issa.export_codec(enc, syn, spec, out_dir, codec_id, version)


def count_flops(enc, syn, k):
    """FLOPs per sample (2 x multiply-adds of convs and linears, from torch.profiler on the eager
    modules; traced modules hide their convolutions from the profiler's FLOP counter)."""
    x = torch.rand(1, 3, k["h"], k["w"]) * 2 - 1
    out = {}
    with torch.no_grad():
        with torch.profiler.profile(with_flops=True) as p:
            w, noise = enc(x)
        out["encoder"] = sum(e.flops for e in p.key_averages() if e.flops)
        with torch.profiler.profile(with_flops=True) as p:
            syn(w, noise)
        out["synthesis"] = sum(e.flops for e in p.key_averages() if e.flops)
    return out


def record_reference(enc_ts, syn_ts, k, ref_dir, seed):
    os.makedirs(ref_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    b = 2
    yy, xx = np.mgrid[0:k["h"], 0:k["w"]]
    imgs = np.zeros((b, k["h"], k["w"], 3), dtype=np.uint8)
    for i in range(b):
        base = np.stack([xx * 255 // (k["w"] - 1), yy * 255 // (k["h"] - 1), np.full_like(xx, 80 + 90 * i)], axis=-1)
        imgs[i] = np.clip(base + rng.integers(-30, 30, size=base.shape), 0, 255).astype(np.uint8)
    x = torch.from_numpy(imgs).permute(0, 3, 1, 2).float() / 127.5 - 1.0
    with torch.no_grad():
        outs = enc_ts(x)
        synth = syn_ts(*outs)
        mix = syn_ts(outs[0][1:2], *[n[0:1] for n in outs[1:]])
    np.save(os.path.join(ref_dir, "images.npy"), imgs)
    np.save(os.path.join(ref_dir, "w_plus.npy"), outs[0].numpy())
    for i, n in enumerate(outs[1:]):
        np.save(os.path.join(ref_dir, f"noise_{i}.npy"), n.numpy())
    np.save(os.path.join(ref_dir, "synth.npy"), synth.numpy())
    np.save(os.path.join(ref_dir, "mix.npy"), mix.numpy())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=sorted(KINDS), required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ref", help="directory for reference inputs/outputs (.npy)")
    ap.add_argument("--seed", type=int, default=20231)
    ap.add_argument("--id", help="codec id (default: fixture-<kind>)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    k, enc, syn = build(args.kind, args.seed)
    enc_ts, syn_ts = export(enc, syn, k, args.out, args.id or f"fixture-{args.kind}", f"seed{args.seed}")
    info = {"kind": args.kind, "encoder_params": ic.param_count(enc), "synthesis_params": ic.param_count(syn),
            "flops_per_sample": count_flops(enc, syn, k), "torch": torch.__version__, "seed": args.seed}
    with open(os.path.join(args.out, "model-info.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(json.dumps(info))
    if args.ref:
        record_reference(enc_ts, syn_ts, k, args.ref, args.seed)


if __name__ == "__main__":
    main()
