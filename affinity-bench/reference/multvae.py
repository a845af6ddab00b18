#!/usr/bin/python3
"""Reference Mult-VAE (Liang, Krishnan, Hoffman, Jebara, "Variational Autoencoders for
Collaborative Filtering", WWW 2018) in plain PyTorch, written from the paper, for a SPEED
comparison with Affinity's Mult-VAE. Run it with Debian's interpreter (/usr/bin/python3) and
Debian's python3-torch.

Architecture (paper, section 2 and 4): the user's binary click vector x_u is L2-normalised,
dropout 0.5 is applied to it, encoder [n_items -> 600 tanh -> 2 x 200] gives mu and log sigma^2,
z = mu + sigma * eps (reparameterisation), decoder [200 -> 600 tanh -> n_items] gives logits whose
softmax is the multinomial pi(z). Loss per user: -sum_i x_ui log pi_i(z) + beta * KL(q(z|x_u) ||
N(0, I)), averaged over the batch; beta is annealed linearly from 0 to 0.2 over --anneal-steps
updates (default: all updates of the run, so it reaches 0.2 on the last one). Adam, lr 1e-3,
batches of 500 users, users reshuffled every epoch.

Data: every ml-100k rating is one implicit interaction. Per-user random holdout: round(0.25 * n)
of each user's items, clamped to [1, n-1], go to validation (numpy PCG64 with --seed). This is the
same RULE as Affinity's RandomHoldout but not the same RNG, so the split differs from Affinity's;
that is fine for a speed comparison and the NDCG below is only a sanity check.

Timing: one epoch = shuffle + for every batch (row gather of the dense training matrix,
forward, backward, Adam step). Evaluation is outside the timed region. Reported: every epoch's
seconds and the median of epochs 2..N.

Evaluation (sanity check): encoder mean (no dropout, z = mu) on the full training vector, all
items scored, training items excluded, NDCG@10 against the held-out items (binary relevance,
ideal DCG over min(|held-out|, 10) hits), averaged over users.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refcommon  # noqa: E402


class MultVAE(nn.Module):
    def __init__(self, n_items, hidden=600, latent=200, dropout=0.5):
        super().__init__()
        self.latent = latent
        self.enc_hidden = nn.Linear(n_items, hidden)
        self.enc_out = nn.Linear(hidden, 2 * latent)  # mu and log sigma^2 side by side
        self.dec_hidden = nn.Linear(latent, hidden)
        self.dec_out = nn.Linear(hidden, n_items)
        self.dropout = nn.Dropout(dropout)
        for layer in (self.enc_hidden, self.enc_out, self.dec_hidden, self.dec_out):
            # Xavier weights and small normal biases, as in the authors' implementation.
            nn.init.xavier_uniform_(layer.weight)
            nn.init.normal_(layer.bias, std=0.001)

    def forward(self, x):
        h = F.normalize(x, p=2, dim=1)
        h = self.dropout(h)
        h = torch.tanh(self.enc_hidden(h))
        h = self.enc_out(h)
        mu, logvar = h[:, :self.latent], h[:, self.latent:]
        if self.training:
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        else:
            z = mu
        logits = self.dec_out(torch.tanh(self.dec_hidden(z)))
        return logits, mu, logvar


def loss_fn(logits, x, mu, logvar, beta):
    nll = -(F.log_softmax(logits, dim=1) * x).sum(dim=1).mean()
    kl = (-0.5 * (1.0 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1)).mean()
    return nll + beta * kl


def random_holdout(users, items, n_users, fraction, seed):
    """Per user: round(n * fraction) items, clamped to [1, n-1], held out uniformly at random."""
    rng = np.random.Generator(np.random.PCG64(seed))
    order = np.argsort(users, kind="stable")
    bounds = np.searchsorted(users[order], np.arange(n_users + 1))
    train, test = [], []
    for u in range(n_users):
        mine = items[order[bounds[u]:bounds[u + 1]]]
        n = len(mine)
        if n < 2:
            train.append(mine)
            test.append(mine[:0])
            continue
        k = min(max(int(np.floor(n * fraction + 0.5)), 1), n - 1)
        perm = rng.permutation(n)
        test.append(np.sort(mine[perm[:k]]))
        train.append(np.sort(mine[perm[k:]]))
    return train, test


def ndcg_at_k(model, train_matrix, test, k, batch=1000):
    model.eval()
    total, counted = 0.0, 0
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    with torch.no_grad():
        for start in range(0, train_matrix.shape[0], batch):
            x = train_matrix[start:start + batch]
            logits, _, _ = model(x)
            logits[x > 0] = -float("inf")
            top = torch.topk(logits, k, dim=1).indices.numpy()
            for row, u in enumerate(range(start, start + x.shape[0])):
                relevant = test[u]
                if len(relevant) == 0:
                    continue
                hits = np.isin(top[row], relevant)
                ideal = discounts[:min(len(relevant), k)].sum()
                total += float((hits * discounts).sum() / ideal)
                counted += 1
    model.train()
    return total / max(counted, 1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="/work/shared/data/ml-100k", help="ml-100k directory")
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch", type=int, default=500, help="users per batch")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--beta-max", type=float, default=0.2)
    parser.add_argument("--anneal-steps", type=int, default=0,
                        help="updates until beta reaches --beta-max (0: all updates of the run)")
    parser.add_argument("--holdout", type=float, default=0.25)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--out", default=os.path.join(here, "..", "results", "reference",
                                                      "multvae-pytorch-ml-100k.json"))
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    load_before = refcommon.load_average()

    users, items, _, n_users, n_items = refcommon.load_ml100k(args.data)
    train, test = random_holdout(users, items, n_users, args.holdout, args.seed)
    dense = np.zeros((n_users, n_items), dtype=np.float32)
    for u, mine in enumerate(train):
        dense[u, mine] = 1.0
    train_matrix = torch.from_numpy(dense)
    train_events = int(dense.sum())

    model = MultVAE(n_items)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    batches_per_epoch = (n_users + args.batch - 1) // args.batch
    anneal_steps = args.anneal_steps or args.epochs * batches_per_epoch
    rng = np.random.Generator(np.random.PCG64(args.seed + 1))
    print(f"Mult-VAE reference: torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"BLAS {refcommon.blas_library()}")
    print(f"ml-100k: {n_users} users, {n_items} items, {train_events} training events, "
          f"{sum(len(t) for t in test)} held out; batch {args.batch} -> {batches_per_epoch} "
          f"updates/epoch")

    step = 0
    epoch_seconds = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        perm = torch.from_numpy(rng.permutation(n_users))
        total_loss = 0.0
        for b in range(batches_per_epoch):
            x = train_matrix[perm[b * args.batch:(b + 1) * args.batch]]
            beta = args.beta_max * min(1.0, step / anneal_steps)
            logits, mu, logvar = model(x)
            loss = loss_fn(logits, x, mu, logvar, beta)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total_loss += loss.item()
            step += 1
        epoch_seconds.append(time.perf_counter() - start)
        if epoch == 1 or epoch % 10 == 0 or epoch == args.epochs:
            print(f"epoch {epoch:4d}  {epoch_seconds[-1]:.4f} s  loss {total_loss / batches_per_epoch:.3f}"
                  f"  beta {beta:.3f}", flush=True)

    eval_start = time.perf_counter()
    ndcg = ndcg_at_k(model, train_matrix, test, args.k)
    eval_seconds = time.perf_counter() - eval_start
    summary = refcommon.epoch_summary(epoch_seconds)
    print(f"epoch seconds, median of epochs 2..{args.epochs}: "
          f"{summary['epoch_seconds_median_2_to_n']:.4f}")
    print(f"validation NDCG@{args.k} (full ranking, training items excluded): {ndcg:.4f}")
    load_after = refcommon.load_average()
    refcommon.write_record(args.out, {
        "benchmark": "Mult-VAE training epoch seconds, PyTorch reference (written from Liang et al. 2018)",
        "side": "reference",
        "model": "multvae",
        "machine": refcommon.machine(),
        "threads": args.threads,
        "torch_num_threads": torch.get_num_threads(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "data": {"name": "ml-100k", "path": args.data, "users": n_users, "items": n_items,
                 "events": int(len(users)), "train_events": train_events,
                 "split": f"per-user random holdout {args.holdout} (round, clamped to [1, n-1]), "
                          f"numpy PCG64 seed {args.seed}; same rule as Affinity's RandomHoldout, "
                          "different RNG, so not the same split",
                 "implicit": "every rating is one interaction"},
        "settings": {"architecture": f"[{n_items} -> 600 tanh -> 2x200] z [200 -> 600 tanh -> {n_items}]",
                     "input": "L2-normalised binary vector, dropout 0.5",
                     "loss": "multinomial log-likelihood + beta * KL, batch mean",
                     "beta_max": args.beta_max, "anneal_steps": anneal_steps,
                     "optimizer": "Adam", "lr": args.lr, "weight_decay": 0.0,
                     "batch_users": args.batch, "updates_per_epoch": batches_per_epoch,
                     "epochs": args.epochs, "seed": args.seed},
        "timing": {"method": "wall time of one epoch: shuffle, per batch row gather + forward + "
                             "backward + Adam step; evaluation excluded; median over epochs 2..N",
                   **summary},
        "eval_seconds": round(eval_seconds, 4),
        "validation": {f"ndcg@{args.k}": round(ndcg, 4),
                       "protocol": "full ranking over all items, training items excluded, "
                                   "binary relevance of held-out items, mean over users"},
    })


if __name__ == "__main__":
    main()
