# Sourced by ./affinity and the benchmark scripts: reproducible and fast MKL inside libtorch.
# Without MKL_CBWR, MKL picks code paths per run and fits can differ between runs (the hybrid's MiniLM-input
# fits did: Recall@20 0.158 vs 0.237 for one seed). MKL_CBWR=COMPATIBLE fixes that but runs SSE2 code
# (Mult-VAE epochs 1.7x slower); a named instruction set (AVX512, AVX2) is reproducible as well on every CPU
# that has it, at full speed. An explicit MKL_CBWR in the environment wins. MKL reads it at process start.
if [ -z "${MKL_CBWR:-}" ]; then
  if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    export MKL_CBWR=AVX512
  elif grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
    export MKL_CBWR=AVX2
  else
    export MKL_CBWR=COMPATIBLE
  fi
fi
