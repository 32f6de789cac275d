#!/usr/bin/env python3
"""GPU check of the TorchScript codec path, for a machine with an NVIDIA GPU and python-torch.

DJL's CUDA libtorch (2.7.1) is not available on the GPU machines this project can borrow, so this
checks the part that is: the TorchScript files the project's tools write (traced on a CPU, by the
Debian python-torch 1.13 of the development machine) load and run on CUDA under another torch,
with the same outputs, and how fast codecs of the contract's shapes run there.

  python3 tools/torchscript/gpu_check.py --tiny model-server/src/test/resources/fixtures/tiny-codec \
      --tiny-ref model-server/src/test/resources/fixtures/tiny-codec-ref --bench-codec DIR \
      [--old-bench-codec DIR] --out check.json

1. tiny fixture: CUDA outputs vs the reference outputs recorded when it was traced (CPU, torch 1.13).
2. the bench codec (mini-codec shapes, 64x128, random weights; traced on the CPU by torch 1.13) and
   the published-shape stand-in (export_issa.py --standin, 256x512, L=16, D=512, traced here):
   CPU vs CUDA outputs of the same files, and CUDA throughput of invert / synthesize vs batch size.
3. a wide stand-in with StyleGAN2-like channel widths at 256x512 (512 channels up to 32x64), to
   size a GPU worker for a real ISSA codec: CUDA throughput only (random weights, indicative).
Throughput is fp32 with TF32 off (exact) and on (what a production worker would allow).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
# GPU_CHECK_DEVICE=cpu runs the same steps on the CPU (a smoke test of this script without a GPU)
DEV = os.environ.get("GPU_CHECK_DEVICE", "cuda")
sys.path.insert(0, HERE)


def load(codec_dir, device):
    m = json.load(open(os.path.join(codec_dir, "manifest.json")))
    props = m.get("properties", {})
    enc = torch.jit.load(os.path.join(codec_dir, props.get("encoder", "encoder.pt")), map_location=device).eval()
    syn = torch.jit.load(os.path.join(codec_dir, props.get("synthesis", "synthesis.pt")), map_location=device).eval()
    return m, enc, syn


def max_diff(a, b):
    return float((a.detach().float().cpu() - b.detach().float().cpu()).abs().max())


def tiny_reference(codec_dir, ref_dir):
    _, enc, syn = load(codec_dir, DEV)
    imgs = torch.from_numpy(np.load(os.path.join(ref_dir, "images.npy")))
    x = (imgs.permute(0, 3, 1, 2).float() / 127.5 - 1.0).to(DEV)
    with torch.no_grad():
        outs = enc(x)
        synth = syn(*outs)
        mix = syn(outs[0][1:2], *[n[0:1] for n in outs[1:]])
    ref = {"w_plus": np.load(os.path.join(ref_dir, "w_plus.npy")), "synth": np.load(os.path.join(ref_dir, "synth.npy")),
           "mix": np.load(os.path.join(ref_dir, "mix.npy"))}
    got = {"w_plus": outs[0], "synth": synth, "mix": mix}
    for i in range(len(outs) - 1):
        ref[f"noise_{i}"] = np.load(os.path.join(ref_dir, f"noise_{i}.npy"))
        got[f"noise_{i}"] = outs[1 + i]
    return {k: max_diff(got[k], torch.from_numpy(ref[k])) for k in ref}


def cpu_vs_cuda(codec_dir, batch=2, seed=7):
    m, enc_c, syn_c = load(codec_dir, "cpu")
    _, enc_g, syn_g = load(codec_dir, DEV)
    g = torch.Generator().manual_seed(seed)
    u8 = torch.randint(0, 256, (batch, m["height"], m["width"], 3), dtype=torch.uint8, generator=g)
    x = u8.permute(0, 3, 1, 2).float() / 127.5 - 1.0
    with torch.no_grad():
        oc = enc_c(x)
        og = enc_g(x.to(DEV))
        ic_ = syn_c(*oc)
        ig = syn_g(*[t.to(DEV) for t in oc])  # same latents on both sides
    out = {"w_plus": max_diff(oc[0], og[0]), "image": max_diff(ic_, ig),
           "image_range": float(ic_.abs().max())}
    for i in range(len(oc) - 1):
        out[f"noise_{i}"] = max_diff(oc[1 + i], og[1 + i])
    return out


def timed(fn):
    """Milliseconds of one call: CUDA events on the GPU, the wall clock on the CPU."""
    if DEV != "cuda":
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    fn()
    end.record()
    end.synchronize()
    return start.elapsed_time(end)


def throughput(enc, syn, h, w, batches, warmup=5, iters=20):
    rows = []
    for b in batches:
        x = torch.rand(b, 3, h, w, device=DEV) * 2 - 1
        with torch.no_grad():
            outs = enc(x)
            for op, fn in (("invert", lambda: enc(x)), ("synthesize", lambda: syn(*outs))):
                for _ in range(warmup):
                    fn()
                times = []
                for _ in range(iters):
                    times.append(timed(fn))
                times.sort()
                p50 = times[len(times) // 2]
                rows.append({"op": op, "batch": b, "p50_ms": round(p50, 3), "img_per_s": round(b * 1000 / p50, 1)})
        del outs, x
        if DEV == "cuda":
            torch.cuda.empty_cache()
    return rows


def both_precisions(enc, syn, h, w, batches):
    if DEV != "cuda":
        batches = batches[:1]  # smoke test
    out = {}
    for tf32 in ((False, True) if DEV == "cuda" else (False,)):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        out["tf32" if tf32 else "fp32"] = throughput(enc, syn, h, w, batches)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    return out


def wide_standin():
    import issa_contract as ic
    h, w, L, D = 256, 512, 16, 512
    noise = [(256, 64, 128), (256, 64, 128)]
    torch.manual_seed(0)
    enc = ic.Encoder(h, w, L, D, noise, [64, 128, 256, 512, 512], 256, 512)
    syn = ic.Synthesis(h, w, L, D, noise, [512, 512, 512, 512, 256, 128, 64])
    params = {"encoder": ic.param_count(enc), "synthesis": ic.param_count(syn)}
    enc = ic.EncoderExport(enc).eval().to(DEV)
    syn = ic.SynthesisExport(syn, len(noise)).eval().to(DEV)
    x = torch.rand(2, 3, h, w, device=DEV) * 2 - 1
    with torch.no_grad():
        enc_ts = torch.jit.trace(enc, x)
        syn_ts = torch.jit.trace(syn, tuple(enc_ts(x)))
    return enc_ts, syn_ts, h, w, params


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny", required=True)
    ap.add_argument("--tiny-ref", required=True)
    ap.add_argument("--bench-codec", required=True, help="codec dir written by make_fixture.py --kind bench")
    ap.add_argument("--old-bench-codec", help="a bench codec traced before the device fix, expected to fail on CUDA")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    t0 = time.time()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    report = {"torch": torch.__version__, "cuda": torch.version.cuda, "cudnn": torch.backends.cudnn.version(),
              "device": torch.cuda.get_device_name(0) if DEV == "cuda" else "cpu"}
    print(json.dumps(report), flush=True)
    try:
        report["tiny_vs_reference_max_abs"] = tiny_reference(args.tiny, args.tiny_ref)
    except RuntimeError as e:
        report["tiny_vs_reference_max_abs"] = {"error": str(e)[-1500:]}
    print("tiny fixture vs its torch-1.13 CPU reference:", report["tiny_vs_reference_max_abs"], flush=True)

    standin_dir = tempfile.mkdtemp(prefix="standin-")
    r = subprocess.run([sys.executable, os.path.join(HERE, "export_issa.py"), "--standin", "--out", standin_dir],
                       capture_output=True, text=True)
    report["standin_export"] = {"rc": r.returncode, "stdout": r.stdout[-2000:], "stderr": r.stderr[-2000:]}
    print("export_issa.py --standin rc", r.returncode, r.stdout[-300:], r.stderr[-500:], flush=True)

    codecs = {"bench_64x128": args.bench_codec}
    if args.old_bench_codec:
        codecs["bench_64x128_traced_before_fix"] = args.old_bench_codec
    if r.returncode == 0:
        codecs["standin_256x512"] = standin_dir
    report["codecs"] = {}
    for name, d in codecs.items():
        m, enc, syn = load(d, DEV)
        try:
            entry = {"cpu_vs_cuda_max_abs": cpu_vs_cuda(d)}
        except RuntimeError as e:  # e.g. a device traced into the file
            report["codecs"][name] = {"error": str(e)[-1500:]}
            print(name, "FAILED on", DEV, str(e)[-600:], flush=True)
            continue
        print(name, "CPU vs CUDA:", entry["cpu_vs_cuda_max_abs"], flush=True)
        entry["throughput"] = both_precisions(enc, syn, m["height"], m["width"], [1, 4, 16, 64])
        for prec, rows in entry["throughput"].items():
            print(name, prec, [(x["op"], x["batch"], x["img_per_s"]) for x in rows], flush=True)
        report["codecs"][name] = entry

    enc, syn, h, w, params = wide_standin()
    report["wide_standin_256x512"] = {"params": params, "throughput": both_precisions(enc, syn, h, w, [1, 4, 16])}
    for prec, rows in report["wide_standin_256x512"]["throughput"].items():
        print("wide", prec, [(x["op"], x["batch"], x["img_per_s"]) for x in rows], flush=True)
    report["seconds"] = round(time.time() - t0, 1)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=1)
    print("wrote", args.out, "in", report["seconds"], "s")


if __name__ == "__main__":
    main()
