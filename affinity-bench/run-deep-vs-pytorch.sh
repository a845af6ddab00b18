#!/usr/bin/env bash
# Training epoch seconds on ml-100k, Affinity's Mult-VAE and SASRec (DJL, PyTorch 2.7.1 natives)
# against PyTorch references of the same architecture and batch size written from the papers
# (affinity-bench/reference/*.py) run with Debian's python3-torch, one after the other on this
# machine, all with the same thread count. Writes affinity-bench/results/deep-vs-pytorch-ml-100k.json.
#
#   affinity-bench/run-deep-vs-pytorch.sh [--epochs N] [--threads T] [--data DIR] [--max-load L]
#                                         [--max-wait S] [--no-build] [--skip-reference] [--skip-affinity]
#                                         [--skip-default-blas]
#
# Needs: /usr/bin/python3 with Debian's torch (apt-get install -y python3-torch) for the reference
# side; affinity-bench/target/benchmarks.jar containing ai.affinity.bench.DeepEpochBenchmark for
# the Affinity side. A missing side is skipped with a message, never an error.
# Optional second reference run with OpenBLAS instead of the BLAS libblas.so.3 resolves to
# (a plain `apt-get install python3-torch` resolves it to Debian's reference netlib BLAS, which is
# single-threaded and slow): set REFERENCE_OPENBLAS_DIR to a directory holding OpenBLAS's
# libblas.so.3, e.g. without touching the system:
#   apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb /opt/openblas
#   REFERENCE_OPENBLAS_DIR=/opt/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread affinity-bench/run-deep-vs-pytorch.sh
# Before every timed run the script waits (at most --max-wait seconds, default 900) until the 1-minute load average is
# below --max-load, because the machine is shared; every record keeps the load average it saw.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

EPOCHS=20
THREADS=2
DATA=/work/shared/data/ml-100k
MAX_LOAD=0.7
MAX_WAIT=900
BUILD=1
RUN_REFERENCE=1
RUN_AFFINITY=1
DEFAULT_BLAS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) EPOCHS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --max-load) MAX_LOAD="$2"; shift 2 ;;
    --max-wait) MAX_WAIT="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --skip-reference) RUN_REFERENCE=0; shift ;;
    --skip-affinity) RUN_AFFINITY=0; shift ;;
    --skip-default-blas) DEFAULT_BLAS=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# Both sides run with the same OpenMP wait policy. The ./affinity launcher sets PASSIVE because
# spinning OpenMP threads starve each other when anything else shares the cores (Mult-VAE epochs
# measured 10x slower with ACTIVE beside one other busy process); the reference gets the same.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
. "$(dirname "${BASH_SOURCE[0]}")/mkl-cbwr.sh"
PY=/usr/bin/python3   # Debian's interpreter: python3-torch is installed for it, not for pyenv's python
RESULTS=affinity-bench/results
REF_DIR=$RESULTS/reference
OUT=$RESULTS/deep-vs-pytorch-ml-100k.json
mkdir -p "$REF_DIR"

wait_quiet() {
  local waited=0
  while :; do
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$load" -v m="$MAX_LOAD" 'BEGIN { exit !(l < m) }'; then
      echo "load average $load < $MAX_LOAD, starting $1"
      return
    fi
    if (( waited >= MAX_WAIT )); then
      echo "WARNING: load average still $load after ${waited} s; running $1 anyway (recorded in its JSON)"
      return
    fi
    sleep 15; waited=$((waited + 15))
  done
}

COMBINE_ARGS=()

# ---- reference side: PyTorch from Debian --------------------------------------------------------
if (( RUN_REFERENCE )); then
  if ! "$PY" -c 'import torch' 2>/dev/null; then
    echo "SKIP reference: $PY cannot import torch (apt-get install -y python3-torch)"
    COMBINE_ARGS+=(--skipped "reference: $PY cannot import torch")
  else
    VARIANTS=()
    (( DEFAULT_BLAS )) && VARIANTS+=(default)
    [[ -n "${REFERENCE_OPENBLAS_DIR:-}" ]] && VARIANTS+=(openblas)
    for variant in "${VARIANTS[@]}"; do
      for model in multvae sasrec; do
        suffix=""; [[ $variant == openblas ]] && suffix="-openblas"
        json="$REF_DIR/$model-pytorch$suffix-ml-100k.json"
        wait_quiet "reference $model ($variant BLAS)"
        if [[ $variant == openblas ]]; then
          LD_LIBRARY_PATH="$REFERENCE_OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
            OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS \
            "$PY" affinity-bench/reference/$model.py --data "$DATA" --epochs "$EPOCHS" \
            --threads "$THREADS" --seed 42 --out "$json"
        else
          OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS \
            "$PY" affinity-bench/reference/$model.py --data "$DATA" --epochs "$EPOCHS" \
            --threads "$THREADS" --seed 42 --out "$json"
        fi || echo "FAILED: reference $model ($variant BLAS); see the output above"
        COMBINE_ARGS+=(--reference "$model-$variant=$json")
      done
    done
  fi
fi

# ---- Affinity side: DJL ------------------------------------------------------------------------
if (( RUN_AFFINITY )); then
  JAR=affinity-bench/target/benchmarks.jar
  if (( BUILD )); then
    ./mvnw -B -q -o -DskipTests -pl affinity-bench -am package \
      || echo "WARNING: build failed; using whatever $JAR exists"
  fi
  if [[ ! -f $JAR ]] || ! "$PY" -c 'import sys, zipfile; sys.exit("ai/affinity/bench/DeepEpochBenchmark.class" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$JAR"; then
    echo "SKIP affinity: $JAR has no ai.affinity.bench.DeepEpochBenchmark (build it: ./mvnw -B -q -o -DskipTests -pl affinity-bench -am package)"
    COMBINE_ARGS+=(--skipped "affinity: $JAR has no ai.affinity.bench.DeepEpochBenchmark (build it: ./mvnw -B -q -o -DskipTests -pl affinity-bench -am package)")
  else
    for model in multvae sasrec; do
      batch=500; [[ $model == sasrec ]] && batch=128
      json="$RESULTS/deep-epoch-$model-ml-100k.json"
      wait_quiet "affinity $model"
      PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu java -Xmx4g -Dai.djl.offline=true -cp "$JAR" ai.affinity.bench.DeepEpochBenchmark --model "$model" \
        --data "ml-100k:$DATA" --epochs "$EPOCHS" --threads "$THREADS" --batch "$batch" \
        --seed 42 --out "$json" || echo "FAILED: affinity $model; see the output above"
      COMBINE_ARGS+=(--affinity "$model=$json")
    done
  fi
fi

"$PY" affinity-bench/reference/combine.py "$OUT" \
  --command "affinity-bench/run-deep-vs-pytorch.sh --epochs $EPOCHS --threads $THREADS --max-load $MAX_LOAD --max-wait $MAX_WAIT (OMP_WAIT_POLICY=$OMP_WAIT_POLICY, MKL_CBWR=$MKL_CBWR)$( (( DEFAULT_BLAS )) || echo " --skip-default-blas")${REFERENCE_OPENBLAS_DIR:+ (REFERENCE_OPENBLAS_DIR set)}" \
  "${COMBINE_ARGS[@]}"
