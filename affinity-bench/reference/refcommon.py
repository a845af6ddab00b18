"""Shared helpers for the PyTorch reference scripts (multvae.py, sasrec.py).

Loading ml-100k u.data, the machine description that goes into every JSON record, and the
record writer. Nothing here is timed.
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

import numpy as np
import torch


def load_ml100k(data_dir):
    """Reads <data_dir>/u.data (user \\t item \\t rating \\t timestamp, 1-based ids).

    Every rating counts as one implicit interaction (no rating threshold). Returns dense 0-based
    int arrays (users, items, timestamps) and the user/item counts. Ids are remapped to
    0..n-1 in first-seen order of the sorted raw ids, which for ml-100k is simply id - 1.
    """
    path = os.path.join(data_dir, "u.data")
    if not os.path.isfile(path):
        sys.exit(f"error: {path} not found (pass --data DIR, the ml-100k directory holding u.data)")
    raw = np.loadtxt(path, dtype=np.int64, delimiter="\t")
    if raw.ndim != 2 or raw.shape[1] != 4:
        sys.exit(f"error: {path}: expected 4 tab-separated integer columns, got shape {raw.shape}")
    _, users = np.unique(raw[:, 0], return_inverse=True)
    _, items = np.unique(raw[:, 1], return_inverse=True)
    return users, items, raw[:, 3], int(users.max()) + 1, int(items.max()) + 1


def blas_library():
    """The BLAS shared library this process actually mapped (torch's CPU matmuls go through it).

    Debian's python3-torch links libblas.so.3, which the alternatives system resolves to the
    reference netlib BLAS (libblas3) unless an optimised provider such as libopenblas0 is present;
    LD_LIBRARY_PATH can also redirect it. Reading /proc/self/maps tells which one we really got.
    """
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path)
                if "blas" in name or "mkl" in name or "blis" in name:
                    found.add(os.path.realpath(path))
    except OSError:
        return "unknown"
    return ", ".join(sorted(found)) or "none mapped"


def debian_package_version(name):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": f"{sys.executable} {platform.python_version()}",
        "torch": torch.__version__,
        "debian_python3_torch": debian_package_version("python3-torch"),
        "blas": blas_library(),
        "host": platform.node(),
        "env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                           "LD_LIBRARY_PATH") if k in os.environ},
    }


def load_average():
    one, five, fifteen = os.getloadavg()
    return [round(one, 2), round(five, 2), round(fifteen, 2)]


def epoch_summary(epoch_seconds):
    """Median of epochs 2..N (epoch 1 pays one-off allocation and warm-up costs)."""
    steady = epoch_seconds[1:] if len(epoch_seconds) > 1 else epoch_seconds
    return {
        "epoch_seconds": [round(s, 6) for s in epoch_seconds],
        "epoch_seconds_median_2_to_n": round(statistics.median(steady), 6),
        "epoch_seconds_min_2_to_n": round(min(steady), 6),
    }


def write_record(path, record):
    record = {"command": " ".join([sys.executable] + sys.argv),
              "date": datetime.datetime.now(datetime.timezone.utc).isoformat(), **record}
    if path:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w") as out:
            json.dump(record, out, indent=2)
            out.write("\n")
        print(f"wrote {path}")
    return record


def ndcg_at_k_single(rank, k=10):
    """NDCG@k for one user with exactly one relevant item at 0-based rank."""
    return 1.0 / np.log2(rank + 2.0) if rank < k else 0.0
