#!/usr/bin/python3
"""Same-process A/B of the reference synthesis' activation layout (plain NCHW vs channels-last).

  /usr/bin/python3 tools/torchscript/layout_ab.py --out DIR [--kind bench] [--batches 4,16]

Traces the synthesis of `make_fixture.py --kind KIND` (same seed, same weights) twice, into
DIR/plain/synthesis.pt and DIR/channels-last/synthesis.pt, checks both give the same image, then
times them alternately with python-torch (10 s warm-up, median of 40 calls each) and prints one line
per layout and batch. The DJL side of the same comparison:
  java -cp cli/target/issa.jar tools/torchscript/LayoutAb.java DIR/plain DIR/channels-last 4,16
Run both through the launcher's environment (DNNL_MAX_CPU_ISA=AVX2 and GLIBC_TUNABLES as in ./issa).
"""
import argparse
import os
import time

import torch

import issa_contract as ic
import make_fixture


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--kind", default="bench")
    ap.add_argument("--batches", default="4,16")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20231)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_grad_enabled(False)
    k, _, syn = make_fixture.build(args.kind, args.seed)
    w = torch.randn(2, k["L"], k["D"])
    noise = [torch.randn(2, *s) for s in k["noise"]]
    modules = []
    for name, cl in (("plain", False), ("channels-last", True)):
        syn.channels_last = cl
        ts = torch.jit.trace(ic.SynthesisExport(syn, len(noise)), (w, *noise))
        os.makedirs(os.path.join(args.out, name), exist_ok=True)
        ts.save(os.path.join(args.out, name, "synthesis.pt"))
        modules.append((name, ts))
    diff = (modules[0][1](w, *noise) - modules[1][1](w, *noise)).abs().max().item()
    print(f"max |plain - channels-last| = {diff:.2e}")
    for b in (int(x) for x in args.batches.split(",")):
        wb = torch.randn(b, k["L"], k["D"])
        nb = [torch.randn(b, *s) for s in k["noise"]]
        end = time.time() + 10
        while time.time() < end:
            for _, m in modules:
                m(wb, *nb)
        times = {name: [] for name, _ in modules}
        for _ in range(40):
            for name, m in modules:
                t0 = time.perf_counter()
                m(wb, *nb)
                times[name].append((time.perf_counter() - t0) * 1000)
        for name, t in times.items():
            t.sort()
            print(f"python-torch {torch.__version__} {name:13s} B{b}: median {t[20]:.1f} ms, min {t[0]:.1f} ms")


if __name__ == "__main__":
    main()
