#!/usr/bin/python3
"""Python-torch side of `./issa bench codec`: times the same encoder.pt / synthesis.pt the JVM runs.

  /usr/bin/python3 tools/torchscript/bench_python.py --codec DIR --threads 2

Serves timing requests so the JVM can interleave its own measurements with these (fair under a
fluctuating machine load). Prints {"ready": true, "torch": ..., "threads": n} first, then for each
request line {"op": "invert"|"synthesize"|"mix", "batch": B, "warmup": W, "warmup_s": S, "iters": N}
(at least W untimed calls and S seconds of them first) prints
{"op", "batch", "times_ms": [...]}. An empty line or EOF ends it.
Each timed call does what the JVM's codec call does: uint8 HWC -> normalised NCHW -> encoder ->
outputs in the contract's plain row-major layout for invert (the JVM hands out NCHW noise maps;
an encoder fed channels-last returns them channels-last, so they are made contiguous here too);
W+ mixing (mix only) + synthesis -> rounded, clamped uint8 HWC for synthesize and mix.
"""
import argparse
import json
import os
import sys
import time

import torch


def to_uint8(img):
    return ((img + 1.0) * 127.5).round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).contiguous()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codec", required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_grad_enabled(False)
    m = json.load(open(os.path.join(args.codec, "manifest.json")))
    props = m.get("properties", {})
    enc = torch.jit.load(os.path.join(args.codec, props.get("encoder", "encoder.pt"))).eval()
    syn = torch.jit.load(os.path.join(args.codec, props.get("synthesis", "synthesis.pt"))).eval()
    h, w = m["height"], m["width"]
    slots = m.get("defaultMixSlots", list(range(m["numStyles"])))
    gen = torch.Generator().manual_seed(7)

    def invert(u8):
        return tuple(o.contiguous() for o in enc(u8.permute(0, 3, 1, 2).float() / 127.5 - 1.0))

    def synthesize(outs):
        return to_uint8(syn(*outs))

    def mix(outs, style_w):
        wp = outs[0].clone()
        wp[:, slots] = style_w[:, slots]
        return to_uint8(syn(wp, *outs[1:]))

    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    cache = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            break
        req = json.loads(line)
        b = int(req["batch"])
        if b not in cache:
            u8 = torch.randint(0, 256, (b, h, w, 3), dtype=torch.uint8, generator=gen)
            outs = invert(u8)
            cache[b] = (u8, outs, outs[0].flip(0).contiguous())
        u8, outs, style_w = cache[b]
        fn = {"invert": lambda: invert(u8), "synthesize": lambda: synthesize(outs),
              "mix": lambda: mix(outs, style_w)}[req["op"]]
        n, warm_end = 0, time.perf_counter() + float(req.get("warmup_s", 0))
        while n < int(req.get("warmup", 2)) or time.perf_counter() < warm_end:
            fn()
            n += 1
        times = []
        for _ in range(int(req["iters"])):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000.0)
        print(json.dumps({"op": req["op"], "batch": b, "times_ms": times}), flush=True)


if __name__ == "__main__":
    main()
