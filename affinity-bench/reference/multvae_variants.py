"""Mult-VAE architecture variants in PyTorch on Affinity's own validation split: a scout.

Trains the Mult-VAE of Liang et al. 2018 as Affinity's defaults do (600-200, tanh, Adam 1e-3,
batches of 500, keep 0.5, KL cap 0.5 reached linearly over 200 steps, each user's KL weighted by
|X_u| / mean |X| as in kl_scale=items, 120 epochs) and variants of it, and prints validation
NDCG@10 (full ranking, training items excluded) per variant and seed. The point is to see
cheaply whether an architecture change is worth building in Java; selection stays on validation.

The split is the one Affinity's tuner validates on, exported by MultVaeBenchmark:

  java -cp <affinity-deep test classpath> ai.affinity.deep.vae.MultVaeBenchmark --validation \\
      --export-split /tmp/multvae-split
  /usr/bin/python3 affinity-bench/reference/multvae_variants.py --split /tmp/multvae-split \\
      --out affinity-bench/results/multvae-variants-pytorch-ml-100k.json

Variants: base; ln (layer norm after the first encoder layer); swish (instead of tanh); deep2 (two
more layer-normed swish encoder layers with residual sums, after RecVAE's encoder); lindec (the
decoder a single linear layer latent -> items); binit (decoder bias initialised to centred
log(1 + item count)); rw1 / rw2 (encoder input weighted by (rating/5)^1 or ^2); rt05 (target weighted
by (rating/5)^0.5, rescaled to the user's item count); rt1 (input and target by rating/5); rwt2
(input by (rating/5)^2, target by rating/5).
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refcommon  # noqa: E402

VARIANTS = {
    "base": {}, "ln": {"ln": 1}, "swish": {"act": "swish"}, "deep2": {"ln": 1, "act": "swish", "deep": 2},
    "lindec": {"lindec": 1}, "binit": {"binit": 1},
    "rw1": {"rpow": 1}, "rw2": {"rpow": 2}, "rt05": {"tpow": 0.5}, "rt1": {"rpow": 1, "tpow": 1},
    "rwt2": {"rpow": 2, "tpow": 1},
}


def load(path, shape):
    """Binary matrix and rating matrix from 'user item value' lines (0-based indices)."""
    binary = np.zeros(shape, np.float32)
    ratings = np.zeros(shape, np.float32)
    for line in open(path):
        u, i, v = line.split()
        binary[int(u), int(i)] = 1
        ratings[int(u), int(i)] = float(v)
    return binary, ratings


def ndcg10(scores, train, test):
    scores = scores.copy()
    scores[train > 0] = -np.inf
    top = np.argsort(-scores, 1)[:, :10]
    disc = 1 / np.log2(np.arange(2, 12))
    out = []
    for u in range(train.shape[0]):
        n = int(test[u].sum())
        if n == 0 or train[u].sum() == 0:
            continue
        out.append((test[u, top[u]] * disc).sum() / disc[:min(n, 10)].sum())
    return float(np.mean(out))


class Net(nn.Module):
    def __init__(self, v, n_items, train, hidden=600, latent=200):
        super().__init__()
        self.v, self.latent = v, latent
        self.act = {"tanh": torch.tanh, "swish": F.silu}[v.get("act", "tanh")]
        self.e1 = nn.Linear(n_items, hidden)
        self.e2 = nn.Linear(hidden, 2 * latent)
        self.ln = nn.LayerNorm(hidden) if v.get("ln") else None
        self.extra = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(v.get("deep", 0))])
        self.extra_ln = nn.ModuleList([nn.LayerNorm(hidden) for _ in range(v.get("deep", 0))])
        if v.get("lindec"):
            self.d = nn.Linear(latent, n_items)
        else:
            self.d1 = nn.Linear(latent, hidden)
            self.d2 = nn.Linear(hidden, n_items)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.normal_(m.bias, std=0.001)
        if v.get("binit"):
            b = torch.log(torch.tensor(train.sum(0)) + 1)
            (self.d if v.get("lindec") else self.d2).bias.data.copy_(b - b.mean())

    def encode(self, x):
        h = self.e1(x)
        if self.ln is not None:
            h = self.ln(h)
        h = self.act(h)
        previous = [h]
        for lin, ln in zip(self.extra, self.extra_ln):
            h = self.act(ln(lin(h) + sum(previous)))
            previous.append(h)
        o = self.e2(h)
        return o[:, :self.latent], o[:, self.latent:]

    def decode(self, z):
        return self.d(z) if self.v.get("lindec") else self.d2(torch.tanh(self.d1(z)))


def run(v, seed, train, ratings, test, epochs=120, batch=500, keep=0.5, cap=0.5, anneal_steps=200):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = Net(v, train.shape[1], train)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x_all = torch.tensor(train)
    x_in = torch.tensor((ratings / 5) ** v.get("rpow", 0) * train)
    target = torch.tensor((ratings / 5) ** v.get("tpow", 0) * train)
    target = target * (x_all.sum(1, keepdim=True) / target.sum(1, keepdim=True).clamp(min=1e-9))
    counts = x_all.sum(1)
    active = np.where(counts.numpy() > 0)[0]
    kl_weight = counts / counts[active].mean()
    step = 0
    for _ in range(epochs):
        order = rng.permutation(active)
        net.train()
        for b in range(0, len(order), batch):
            idx = order[b:b + batch]
            x = target[idx]
            inp = F.dropout(F.normalize(x_in[idx], dim=1), 1 - keep)
            mu, logvar = net.encode(inp)
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
            nll = -(F.log_softmax(net.decode(z), 1) * x).sum(1).mean()
            kl = (0.5 * (logvar.exp() + mu ** 2 - 1 - logvar).sum(1) * kl_weight[idx]).mean()
            loss = nll + min(cap, step / anneal_steps) * kl
            step += 1
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        mu, _ = net.encode(F.normalize(x_in, dim=1))
        scores = net.decode(mu).numpy()
    return ndcg10(scores, train, test)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", required=True, help="directory with train.tsv, test.tsv and shape.txt (--export-split)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated, from: " + ", ".join(VARIANTS))
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    shape = tuple(int(x) for x in open(os.path.join(args.split, "shape.txt")).read().split())
    train, ratings = load(os.path.join(args.split, "train.tsv"), shape)
    test, _ = load(os.path.join(args.split, "test.tsv"), shape)
    seeds = [int(s) for s in args.seeds.split(",")]
    results = {}
    load_before = refcommon.load_average()
    for name in args.variants.split(","):
        scores = [run(VARIANTS[name], s, train, ratings, test) for s in seeds]
        results[name] = {"by_seed": {str(s): round(x, 4) for s, x in zip(seeds, scores)},
                         "mean": round(float(np.mean(scores)), 4)}
        print(name, " ".join(f"{x:.4f}" for x in scores), f"mean {np.mean(scores):.4f}", flush=True)
    refcommon.write_record(args.out, {
        "benchmark": "Mult-VAE architecture variants (PyTorch scout) on Affinity's ml-100k validation carve-out "
                     "(random 25% holdout seed 42, then 25% of training, seed 42), validation NDCG@10, full ranking",
        "machine": refcommon.machine(),
        "threads": args.threads,
        "torch": torch.__version__,
        "blas": refcommon.blas_library(),
        "load_average_before": load_before,
        "load_average_after": refcommon.load_average(),
        "data": {"users": shape[0], "items": shape[1], "train_events": int(train.sum()), "test_events": int(test.sum())},
        "variants": {k: VARIANTS[k] for k in results},
        "results": results,
    })


if __name__ == "__main__":
    main()
