"""Reference networks that honour the ISSA Stream model contract (docs/codec-engine.md).

encoder:   image [B,3,H,W] in [-1,1]  ->  (w_plus [B,L,D], n_0 [B,C_0,H_0,W_0], n_1, ...)
synthesis: (w_plus [B,L,D], n_0, n_1, ...)  ->  image [B,3,H,W] (nominally [-1,1], not clamped)

Written from the method description in the project docs (masked noise encoder, StyleGAN2-style
synthesis with modulated/demodulated convolutions, noise added to the conv output before bias and
activation). No code is taken from ISSA or StyleGAN2. These are random-weight stand-ins used for the
test fixture, the benchmark and to check the export wrappers; they are not trained.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class ModConv(nn.Module):
    """Modulated 3x3 conv with weight demodulation, non-fused form:
    y = conv(x * s, W) * rsqrt(sum_{i,k} (s_i W_oik)^2 + eps)."""

    def __init__(self, cin, cout, style_dim, demodulate=True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin, 3, 3) / math.sqrt(cin * 9))
        self.affine = nn.Linear(style_dim, cin)
        nn.init.zeros_(self.affine.weight)
        nn.init.ones_(self.affine.bias)
        with torch.no_grad():
            self.affine.weight.normal_(0, 1.0 / math.sqrt(style_dim))
        self.bias = nn.Parameter(torch.zeros(cout))
        self.demodulate = demodulate

    def forward(self, x, w, noise=None, noise_strength=None):
        s = self.affine(w)  # [B, cin]
        y = F.conv2d(x * s[:, :, None, None], self.weight, padding=1)
        if self.demodulate:
            wsq = self.weight.pow(2).sum(dim=(2, 3))  # [cout, cin]
            d = torch.rsqrt(s.pow(2) @ wsq.t() + 1e-8)  # [B, cout]
            y = y * d[:, :, None, None]
        if noise is not None:
            y = y + noise * noise_strength
        return F.leaky_relu(y + self.bias[None, :, None, None], 0.2)


class ToRGB(nn.Module):
    def __init__(self, cin, style_dim):
        super().__init__()
        self.affine = nn.Linear(style_dim, cin)
        nn.init.ones_(self.affine.bias)
        self.weight = nn.Parameter(torch.randn(3, cin, 1, 1) / math.sqrt(cin))
        self.bias = nn.Parameter(torch.zeros(3))

    def forward(self, x, w):
        s = self.affine(w)
        return F.conv2d(x * s[:, :, None, None], self.weight) + self.bias[None, :, None, None]


def _levels(h, w, start_h):
    """Resolutions from start_h x (start_h*w/h) doubling up to h x w."""
    n = int(round(math.log2(h / start_h)))
    if start_h * 2 ** n != h or w % (h // start_h) != 0 and False:
        raise ValueError("H must be start_h * 2^k")
    return [(start_h * 2 ** i, (w * start_h // h) * 2 ** i) for i in range(n + 1)]


class Synthesis(nn.Module):
    """Learned constant at H/2^k, blocks doubling to HxW, skip toRGB. Every conv of the block whose
    resolution equals the noise maps' H_k x W_k takes one noise map (in order); the others take none.
    Conv i reads W+ slot min(i, L-1); the toRGB after conv i reads slot min(i+1, L-1)."""

    def __init__(self, h, w, num_styles, style_dim, noise_shapes, channels, start_h=4):
        super().__init__()
        self.h, self.w, self.L, self.D = h, w, num_styles, style_dim
        self.levels = _levels(h, w, start_h)
        assert len(channels) == len(self.levels), (channels, self.levels)
        self.noise_shapes = [tuple(s) for s in noise_shapes]
        self.const = nn.Parameter(torch.randn(1, channels[0], *self.levels[0]))
        self.convs = nn.ModuleList()
        self.torgbs = nn.ModuleList()
        self.conv_noise = []  # per conv: index of its noise map or -1
        self.conv_level = []
        k = 0
        cin = channels[0]
        for li, (lh, lw) in enumerate(self.levels):
            n_convs = 1 if li == 0 else 2
            for _ in range(n_convs):
                cout = channels[li]
                self.convs.append(ModConv(cin, cout, style_dim))
                if k < len(self.noise_shapes) and self.noise_shapes[k][1:] == (lh, lw):
                    if self.noise_shapes[k][0] != cout:
                        raise ValueError(f"noise map {k} has {self.noise_shapes[k][0]} channels, conv has {cout}")
                    self.conv_noise.append(k)
                    k += 1
                else:
                    self.conv_noise.append(-1)
                self.conv_level.append(li)
                cin = cout
            self.torgbs.append(ToRGB(cin, style_dim))
        if k != len(self.noise_shapes):
            raise ValueError(f"only {k} of {len(self.noise_shapes)} noise maps fit a block of the synthesis")
        self.noise_strength = nn.Parameter(torch.full((len(self.convs),), 0.5))
        self.channels_last = True  # activation layout (traced in); layout_ab.py compares both
        if len(self.convs) + 1 > num_styles + 0 and num_styles < len(self.convs) + 1:
            pass  # slots are clamped to L-1, any L >= 1 works

    def forward(self, w_plus, noise):
        # type: (Tensor, List[Tensor]) -> Tensor
        b = w_plus.shape[0]
        # Channels-last activations: oneDNN then convolves NHWC in place instead of reordering every
        # layer's input and output between plain and blocked layouts (the elementwise modulation,
        # noise and upsampling keep the layout). Same numbers, faster on both libtorch versions.
        x = self.const.expand(b, -1, -1, -1)
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        # The skip sum starts at the first toRGB output. (Starting from torch.zeros(..., device=
        # w_plus.device) would trace that device as a constant: the TorchScript file would then only
        # run on the device it was traced on. gpu_check.py found exactly that.)
        rgb = x  # placeholder, replaced at level 0
        ci = 0
        for li in range(len(self.levels)):
            if li > 0:
                x = F.interpolate(x, scale_factor=2.0, mode="nearest")
                rgb = F.interpolate(rgb, scale_factor=2.0, mode="nearest")
            while ci < len(self.convs) and self.conv_level[ci] == li:
                slot = min(ci, self.L - 1)
                nk = self.conv_noise[ci]
                x = self.convs[ci](x, w_plus[:, slot], noise[nk] if nk >= 0 else None, self.noise_strength[ci])
                ci += 1
            y = self.torgbs[li](x, w_plus[:, min(ci, self.L - 1)])
            rgb = y if li == 0 else rgb + y
        return rgb


class Encoder(nn.Module):
    """Small FPN encoder: stride-2 conv stages down to 1/16; noise heads (1x1 convs ending in
    LeakyReLU(0.01)) from the level matching the noise maps; W+ heads coarse (1/16), medium (1/8),
    fine (1/4): strided 3x3 conv + LeakyReLU(0.01) + global mean + linear to D per slot."""

    def __init__(self, h, w, num_styles, style_dim, noise_shapes, widths, fpn=64, head=64):
        super().__init__()
        self.L, self.D = num_styles, style_dim
        self.stem = nn.Conv2d(3, widths[0], 3, padding=1)
        self.stages = nn.ModuleList(
            [nn.Conv2d(widths[i], widths[i + 1], 3, stride=2, padding=1) for i in range(len(widths) - 1)])
        # pyramid levels (1/4, 1/8, 1/16) are the outputs of stages 1, 2, 3
        self.lat = nn.ModuleList([nn.Conv2d(widths[i], fpn, 1) for i in (2, 3, 4)])
        self.noise_shapes = [tuple(s) for s in noise_shapes]
        for s in self.noise_shapes:
            if (s[1], s[2]) != (h // 4, w // 4):
                raise ValueError(f"this encoder predicts noise at H/4 x W/4 = {h // 4}x{w // 4}, got {s}")
        self.noise_heads = nn.ModuleList(
            [nn.Sequential(nn.Conv2d(fpn, fpn, 1), nn.LeakyReLU(0.01), nn.Conv2d(fpn, s[0], 1), nn.LeakyReLU(0.01))
             for s in self.noise_shapes])
        n_coarse = max(1, round(num_styles * 3 / 16))
        n_medium = max(1, round(num_styles * 4 / 16))
        self.groups = [(2, n_coarse), (1, n_medium), (0, num_styles - n_coarse - n_medium)]  # (pyramid level, count)
        self.heads = nn.ModuleList()
        for _, count in self.groups:
            self.heads.append(nn.Sequential(nn.Conv2d(fpn, head, 3, stride=2, padding=1), nn.LeakyReLU(0.01)))
        self.linears = nn.ModuleList([nn.Linear(head, style_dim * c) for _, c in self.groups])

    def forward(self, image):
        x = F.leaky_relu(self.stem(image), 0.01)
        feats = []
        for st in self.stages:
            x = F.leaky_relu(st(x), 0.01)
            feats.append(x)
        p16 = self.lat[2](feats[3])
        p8 = self.lat[1](feats[2]) + F.interpolate(p16, scale_factor=2.0, mode="nearest")
        p4 = self.lat[0](feats[1]) + F.interpolate(p8, scale_factor=2.0, mode="nearest")
        pyr = [p4, p8, p16]
        codes = []
        for gi, (level, count) in enumerate(self.groups):
            hfeat = self.heads[gi](pyr[level]).mean(dim=(2, 3))
            codes.append(self.linears[gi](hfeat).view(image.shape[0], count, self.D))
        w_plus = torch.cat(codes, dim=1)
        noise = [head(p4) for head in self.noise_heads]
        return w_plus, noise


class EncoderExport(nn.Module):
    """Flat-tuple wrapper: (w_plus, n_0, n_1, ...) so DJL receives a flat NDList."""

    def __init__(self, enc):
        super().__init__()
        self.enc = enc

    def forward(self, image):
        w, noise = self.enc(image)
        return (w,) + tuple(noise)


class SynthesisExport(nn.Module):
    """Flat positional inputs (w_plus, n_0, n_1, ...) for tracing."""

    def __init__(self, syn, num_noise):
        super().__init__()
        self.syn = syn
        self.num_noise = num_noise

    def forward(self, w_plus, *noise):
        return self.syn(w_plus, list(noise))


def param_count(m):
    return sum(p.numel() for p in m.parameters())
