#!/usr/bin/python3
"""Combines the per-side JSON records of run-deep-vs-pytorch.sh into one comparison record.

    combine.py OUT.json --reference NAME=FILE ... --affinity MODEL=FILE ...

Every input is a record with "model" (multvae | sasrec) and
"timing": {"epoch_seconds_median_2_to_n": seconds, ...}; missing files are reported as skipped.
For each model the verdict compares Affinity's median epoch seconds against the FASTEST reference
run of that model (the strictest reading of "Affinity's epoch time <= the reference's").
Only the standard library is used, so any python3 runs it.
"""
import argparse
import datetime
import json
import os
import sys


def load(spec):
    name, _, path = spec.partition("=")
    if not os.path.isfile(path):
        return name, path, None
    with open(path) as f:
        return name, path, json.load(f)


def median(record):
    return record["timing"]["epoch_seconds_median_2_to_n"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--reference", action="append", default=[], help="NAME=FILE")
    parser.add_argument("--affinity", action="append", default=[], help="MODEL=FILE")
    parser.add_argument("--command", default=" ".join(sys.argv))
    parser.add_argument("--skipped", action="append", default=[], help="why a side did not run")
    args = parser.parse_args()

    combined = {
        "benchmark": "training epoch seconds on ml-100k, Affinity (DJL) vs a PyTorch reference "
                     "of the same architecture and batch size (Debian python3-torch), same machine",
        "command": args.command,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "load_average_at_combine": [round(x, 2) for x in os.getloadavg()],
        "reference": {}, "affinity": {}, "skipped": list(args.skipped), "comparison": {},
    }
    for spec in args.reference:
        name, path, record = load(spec)
        if record is None:
            combined["skipped"].append(f"reference {name}: {path} missing")
        else:
            combined["reference"][name] = record
    for spec in args.affinity:
        name, path, record = load(spec)
        if record is None:
            combined["skipped"].append(f"affinity {name}: {path} missing")
        else:
            combined["affinity"][name] = record

    for model in ("multvae", "sasrec"):
        refs = {n: r for n, r in combined["reference"].items() if r.get("model") == model}
        aff = [r for r in combined["affinity"].values() if r.get("model") == model]
        entry = {"reference_epoch_seconds": {n: median(r) for n, r in refs.items()},
                 "reference_blas": {n: r.get("machine", {}).get("blas") for n, r in refs.items()}}
        if aff:
            entry["affinity_epoch_seconds"] = median(aff[0])
        if refs and aff:
            best_name = min(refs, key=lambda n: median(refs[n]))
            best = median(refs[best_name])
            entry["fastest_reference"] = best_name
            entry["affinity_over_fastest_reference"] = round(median(aff[0]) / best, 4)
            entry["affinity_not_slower"] = median(aff[0]) <= best
            for key in ("batch_users", "threads"):
                a = aff[0].get("settings", {}).get(key, aff[0].get(key))
                r = refs[best_name].get("settings", {}).get(key, refs[best_name].get(key))
                if a != r:
                    entry.setdefault("warnings", []).append(f"{key} differs: affinity {a}, reference {r}")
        else:
            entry["verdict"] = "incomplete: " + ("no reference run" if not refs else "no Affinity run")
        combined["comparison"][model] = entry

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(combined, f, indent=2)
        f.write("\n")
    print(json.dumps(combined["comparison"], indent=2))
    for line in combined["skipped"]:
        print("skipped:", line)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
