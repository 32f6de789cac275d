#!/usr/bin/python3
"""Checks the export tool's wrapper and manifest logic on random stand-ins (no real weights here).

  /usr/bin/python3 tools/torchscript/test_export.py

Not run by CI (CI has no torch); the result is recorded in docs/codec-engine.md.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import export_issa as ex  # noqa: E402


def test_standin_with_published_shapes(tmp):
    out = os.path.join(tmp, "issa")
    subprocess.run([sys.executable, os.path.join(HERE, "export_issa.py"), "--standin", "--out", out], check=True)
    m = json.load(open(os.path.join(out, "manifest.json")))
    assert (m["height"], m["width"], m["numStyles"], m["styleDim"]) == (256, 512, 16, 512), m
    assert m["noiseShapes"] == [[256, 64, 128], [256, 64, 128]], m
    assert m["defaultMixSlots"] == list(range(16))
    for name, digest in m["files"].items():
        assert hashlib.sha256(open(os.path.join(out, name), "rb").read()).hexdigest() == digest, name
    enc = torch.jit.load(os.path.join(out, "encoder.pt"))
    syn = torch.jit.load(os.path.join(out, "synthesis.pt"))
    with torch.no_grad():
        o = enc(torch.zeros(1, 3, 256, 512))
        assert [tuple(t.shape) for t in o] == [(1, 16, 512), (1, 256, 64, 128), (1, 256, 64, 128)]
        assert tuple(syn(*o).shape) == (1, 3, 256, 512)
    print("standin export with published shapes: ok")


class NestedEncoder(torch.nn.Module):
    """Returns (w_plus, [n0]) like an adapter would; a conv with an equalised-LR gain attribute."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 2, 1)
        self.conv.weight_gain = 0.5
        self.lin = torch.nn.Linear(3, 4 * 6)

    def forward(self, x):
        n = self.conv(x)[:, :, ::2, ::2]
        w = self.lin(x.mean(dim=(2, 3))).view(x.shape[0], 4, 6)
        return w, [n]


class TinySynthesis(torch.nn.Module):
    def forward(self, w, noise):
        up = torch.nn.functional.interpolate(noise[0], scale_factor=2.0)
        return up[:, :1].repeat(1, 3, 1, 1) + w.mean(dim=(1, 2))[:, None, None, None]


def test_wrappers_fold_and_shape_checks(tmp):
    enc = NestedEncoder()
    w_before = enc.conv.weight.detach().clone()
    assert ex.fold_scales(enc) == 1 and enc.conv.weight_gain == 1.0
    assert torch.allclose(enc.conv.weight, w_before * 0.5)
    spec = dict(h=8, w=16, L=4, D=6, noise=[(2, 4, 8)])
    out = os.path.join(tmp, "nested")
    enc_ts, syn_ts = ex.export_codec(enc, TinySynthesis(), spec, out, "t", "1", default_mix_slots=[1, 2])
    o = enc_ts(torch.zeros(5, 3, 8, 16))
    assert len(o) == 2 and tuple(o[1].shape) == (5, 2, 4, 8)
    assert json.load(open(os.path.join(out, "manifest.json")))["defaultMixSlots"] == [1, 2]
    bad = dict(spec, L=5)
    try:
        ex.export_codec(enc, TinySynthesis(), bad, os.path.join(tmp, "bad"), "t", "1")
    except ValueError as e:
        assert "w_plus" in str(e) and "(2, 5, 6)" in str(e), e
    else:
        raise AssertionError("a wrong L must be refused")
    assert not os.path.exists(os.path.join(tmp, "bad", "manifest.json"))
    print("wrappers, scale folding and shape checks: ok")


class DevicePinnedSynthesis(torch.nn.Module):
    """Creates a tensor with device=w.device in forward: tracing bakes that device in."""

    def forward(self, w, noise):
        up = torch.nn.functional.interpolate(noise[0], scale_factor=2.0)
        bias = torch.zeros(w.shape[0], 3, 1, 1, device=w.device)
        return up[:, :1].repeat(1, 3, 1, 1) + bias


def test_device_constants_are_refused(tmp):
    spec = dict(h=8, w=16, L=4, D=6, noise=[(2, 4, 8)])
    out = os.path.join(tmp, "pinned")
    try:
        ex.export_codec(NestedEncoder(), DevicePinnedSynthesis(), spec, out, "t", "1")
    except ValueError as e:
        assert "synthesis" in str(e) and "'cpu'" in str(e), e
    else:
        raise AssertionError("a synthesis with a traced-in device must be refused")
    assert not os.path.exists(os.path.join(out, "manifest.json"))
    # the contract's own networks (fixture, bench codec, stand-in) must be device-free
    import issa_contract as ic
    noise = [(4, 4, 8)]
    syn = ic.SynthesisExport(ic.Synthesis(16, 32, 4, 8, noise, [4, 4, 4]), 1)
    traced = torch.jit.trace(syn, (torch.zeros(2, 4, 8), torch.zeros(2, 4, 4, 8)))
    assert ex.device_constants(traced) == [], ex.device_constants(traced)
    print("device-pinned traces refused, contract networks device-free: ok")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        test_wrappers_fold_and_shape_checks(d)
        test_device_constants_are_refused(d)
        test_standin_with_published_shapes(d)
    print("all export checks passed")
