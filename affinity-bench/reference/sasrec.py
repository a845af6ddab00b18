#!/usr/bin/python3
"""Reference SASRec (Kang and McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018)
in plain PyTorch, written from the paper, for a SPEED comparison with Affinity's SASRec. Run it
with Debian's interpreter (/usr/bin/python3) and Debian's python3-torch.

Architecture (paper, section III): item embedding M (d = 64, row 0 = padding, kept at zero) plus
a learned positional embedding P (max_len = 200), scaled by sqrt(d) as in the authors' code,
dropout 0.2; then 2 blocks, each
    x = x + Dropout(SelfAttention(LayerNorm(x)))      single head, causal mask,
                                                      Q = xW_Q, K = xW_K, V = xW_V,
                                                      softmax(QK^T / sqrt(d)) V
    x = x + Dropout(FFN(LayerNorm(x)))                FFN = W2 Dropout(ReLU(W1 x + b1)) + b2
with padded positions zeroed after every sub-layer, and a final LayerNorm. The score of item i at
position t is <F_t, M_i> (shared item embedding). Loss: binary cross-entropy on the next item
(positive) and one negative per position drawn uniformly from the items the user never interacted
with, resampled every epoch; padded positions do not count. Adam lr 1e-3 (betas 0.9, 0.98 as in
the paper), batches of 128 users, users reshuffled every epoch.

Data: every ml-100k rating is one event, ordered by timestamp (ties by item id). Leave-last-out:
the last event of each user is the test item; the training sequence is every earlier event, so
the input is train[:-1] and the targets are train[1:] (the second-to-last event is the target of
the last training position), both truncated to the last 200 positions and left-padded.

Timing: one epoch = shuffle + negative sampling + for every batch (gather, forward, backward,
Adam step). Evaluation is outside the timed region. Reported: every epoch's seconds and the
median of epochs 2..N.

Evaluation (sanity check): input = the last 200 events before the test event, the last position's
output scored against ALL items, the user's earlier items excluded, NDCG@10 of the single test
item (the paper's 100-sampled-negatives protocol is not used).
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


class CausalSelfAttention(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.scale = d ** -0.5

    def forward(self, x, causal):
        scores = torch.matmul(self.q(x), self.k(x).transpose(1, 2)) * self.scale
        scores = scores.masked_fill(causal, float("-inf"))
        return torch.matmul(torch.softmax(scores, dim=-1), self.v(x))


class Block(nn.Module):
    def __init__(self, d, dropout):
        super().__init__()
        self.ln_attn = nn.LayerNorm(d, eps=1e-8)
        self.attn = CausalSelfAttention(d)
        self.ln_ffn = nn.LayerNorm(d, eps=1e-8)
        self.ffn1 = nn.Linear(d, d)
        self.ffn2 = nn.Linear(d, d)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, causal, keep):
        x = x + self.dropout(self.attn(self.ln_attn(x), causal))
        x = x * keep
        h = self.ffn2(self.dropout(F.relu(self.ffn1(self.ln_ffn(x)))))
        x = x + self.dropout(h)
        return x * keep


class SASRec(nn.Module):
    def __init__(self, n_items, d=64, max_len=200, blocks=2, dropout=0.2):
        super().__init__()
        self.d = d
        self.item = nn.Embedding(n_items + 1, d, padding_idx=0)
        self.pos = nn.Embedding(max_len, d)
        self.dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(d, dropout) for _ in range(blocks))
        self.ln_out = nn.LayerNorm(d, eps=1e-8)
        causal = torch.triu(torch.ones(max_len, max_len, dtype=torch.bool), diagonal=1)
        self.register_buffer("causal", causal)
        for name, p in self.named_parameters():
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)
        with torch.no_grad():
            self.item.weight[0].zero_()

    def hidden(self, seq):
        """seq: [B, L] item ids (0 = padding). Returns F: [B, L, d]."""
        length = seq.shape[1]
        keep = (seq > 0).unsqueeze(-1).to(torch.float32)
        x = self.item(seq) * (self.d ** 0.5) + self.pos.weight[:length].unsqueeze(0)
        x = self.dropout(x) * keep
        causal = self.causal[:length, :length]
        for block in self.blocks:
            x = block(x, causal, keep)
        return self.ln_out(x)

    def forward(self, seq, pos, neg):
        h = self.hidden(seq)
        pos_logits = (h * self.item(pos)).sum(-1)
        neg_logits = (h * self.item(neg)).sum(-1)
        return pos_logits, neg_logits


def sequences(users, items, times, n_users):
    """Per user: item ids + 1 (0 is padding) in time order, ties broken by item id."""
    order = np.lexsort((items, times, users))
    bounds = np.searchsorted(users[order], np.arange(n_users + 1))
    return [items[order[bounds[u]:bounds[u + 1]]] + 1 for u in range(n_users)]


def left_pad(rows, length):
    out = np.zeros((len(rows), length), dtype=np.int64)
    for r, row in enumerate(rows):
        row = row[-length:]
        if len(row):
            out[r, length - len(row):] = row
    return out


def ndcg_at_k(model, seqs, seen, max_len, k, batch=256):
    """Full-ranking NDCG@k of each user's last (test) item, earlier items excluded."""
    model.eval()
    total, counted = 0.0, 0
    with torch.no_grad():
        users = [u for u, s in enumerate(seqs) if len(s) >= 2]
        for start in range(0, len(users), batch):
            chunk = users[start:start + batch]
            inputs = torch.from_numpy(left_pad([seqs[u][:-1] for u in chunk], max_len))
            last = model.hidden(inputs)[:, -1, :]
            scores = last @ model.item.weight.T  # [B, n_items + 1]
            scores[:, 0] = -float("inf")
            scores[torch.from_numpy(seen[chunk])] = -float("inf")
            target = torch.tensor([int(seqs[u][-1]) for u in chunk])
            target_score = scores[torch.arange(len(chunk)), target]
            rank = (scores > target_score.unsqueeze(1)).sum(1).numpy()
            for r in rank:
                total += refcommon.ndcg_at_k_single(int(r), k)
                counted += 1
    model.train()
    return total / max(counted, 1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="/work/shared/data/ml-100k", help="ml-100k directory")
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch", type=int, default=128, help="users per batch")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--max-len", type=int, default=200)
    parser.add_argument("--blocks", type=int, default=2)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--out", default=os.path.join(here, "..", "results", "reference",
                                                      "sasrec-pytorch-ml-100k.json"))
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    load_before = refcommon.load_average()

    users, items, times, n_users, n_items = refcommon.load_ml100k(args.data)
    seqs = sequences(users, items, times, n_users)
    # Training uses every event but the last (the test item): input train[:-1], target train[1:].
    train_users = [u for u, s in enumerate(seqs) if len(s) >= 3]
    inputs = left_pad([seqs[u][:-2] for u in train_users], args.max_len)
    targets = left_pad([seqs[u][1:-1] for u in train_users], args.max_len)
    # seen[u, i]: item i (1-based) is in u's history before the test event; negatives avoid them.
    seen = np.zeros((n_users, n_items + 1), dtype=bool)
    for u, s in enumerate(seqs):
        seen[u, s[:-1]] = True
    seen_train = seen[train_users]
    inputs_t, targets_t = torch.from_numpy(inputs), torch.from_numpy(targets)
    train_positions = int((targets > 0).sum())

    model = SASRec(n_items, args.dim, args.max_len, args.blocks, args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98))
    n_train = len(train_users)
    batches_per_epoch = (n_train + args.batch - 1) // args.batch
    rng = np.random.Generator(np.random.PCG64(args.seed + 1))
    print(f"SASRec reference: torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"BLAS {refcommon.blas_library()}")
    print(f"ml-100k: {n_users} users ({n_train} trained), {n_items} items, {train_positions} "
          f"training positions; batch {args.batch} -> {batches_per_epoch} updates/epoch")

    epoch_seconds = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        perm = rng.permutation(n_train)
        # One uniform negative per position among the user's unseen items (rejection sampling;
        # ml-100k users have seen at most ~44% of the items, so a few rounds suffice).
        neg = rng.integers(1, n_items + 1, size=targets.shape)
        bad = seen_train[np.arange(n_train)[:, None], neg]
        while bad.any():
            neg[bad] = rng.integers(1, n_items + 1, size=int(bad.sum()))
            bad = seen_train[np.arange(n_train)[:, None], neg]
        neg[targets == 0] = 0
        neg_t = torch.from_numpy(neg)
        total_loss = 0.0
        for b in range(batches_per_epoch):
            idx = torch.from_numpy(perm[b * args.batch:(b + 1) * args.batch])
            seq, pos, negb = inputs_t[idx], targets_t[idx], neg_t[idx]
            pos_logits, neg_logits = model(seq, pos, negb)
            mask = pos > 0
            loss = (F.binary_cross_entropy_with_logits(pos_logits[mask], torch.ones_like(pos_logits[mask]))
                    + F.binary_cross_entropy_with_logits(neg_logits[mask], torch.zeros_like(neg_logits[mask])))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total_loss += loss.item()
        epoch_seconds.append(time.perf_counter() - start)
        if epoch == 1 or epoch % 10 == 0 or epoch == args.epochs:
            print(f"epoch {epoch:4d}  {epoch_seconds[-1]:.4f} s  loss {total_loss / batches_per_epoch:.4f}",
                  flush=True)

    eval_start = time.perf_counter()
    ndcg = ndcg_at_k(model, seqs, seen, args.max_len, args.k)
    eval_seconds = time.perf_counter() - eval_start
    summary = refcommon.epoch_summary(epoch_seconds)
    print(f"epoch seconds, median of epochs 2..{args.epochs}: "
          f"{summary['epoch_seconds_median_2_to_n']:.4f}")
    print(f"test NDCG@{args.k} (leave-last-out, full ranking, earlier items excluded): {ndcg:.4f}")
    load_after = refcommon.load_average()
    refcommon.write_record(args.out, {
        "benchmark": "SASRec training epoch seconds, PyTorch reference (written from Kang & McAuley 2018)",
        "side": "reference",
        "model": "sasrec",
        "machine": refcommon.machine(),
        "threads": args.threads,
        "torch_num_threads": torch.get_num_threads(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "data": {"name": "ml-100k", "path": args.data, "users": n_users, "items": n_items,
                 "events": int(len(users)), "trained_users": n_train,
                 "train_positions": train_positions,
                 "split": "leave-last-out by timestamp (ties by item id): last event = test, "
                          "training input train[:-1], targets train[1:]",
                 "implicit": "every rating is one event"},
        "settings": {"dim": args.dim, "max_len": args.max_len, "blocks": args.blocks, "heads": 1,
                     "dropout": args.dropout, "positional": "learned",
                     "loss": "BCE, one uniform unseen negative per position, resampled per epoch",
                     "optimizer": "Adam", "lr": args.lr, "betas": [0.9, 0.98],
                     "batch_users": args.batch, "updates_per_epoch": batches_per_epoch,
                     "epochs": args.epochs, "seed": args.seed},
        "timing": {"method": "wall time of one epoch: shuffle, negative sampling, per batch "
                             "gather + forward + backward + Adam step; evaluation excluded; "
                             "median over epochs 2..N",
                   **summary},
        "eval_seconds": round(eval_seconds, 4),
        "test": {f"ndcg@{args.k}": round(ndcg, 4),
                 "protocol": "leave-last-out, full ranking over all items, the user's earlier "
                             "items excluded, mean over users"},
    })


if __name__ == "__main__":
    main()
