package ai.affinity.model;

import ai.affinity.util.Progress;

/**
 * Run settings for {@link Algorithm#fit}: the seed (same seed, same model), how many threads a
 * fit may use, and where to report progress.
 */
public record FitContext(long seed, int threads, Progress progress) {
    public FitContext {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        progress = progress == null ? Progress.silent() : progress;
    }

    public static FitContext seeded(long seed) {
        return new FitContext(seed, Runtime.getRuntime().availableProcessors(), Progress.silent());
    }

    /**
     * The context of ensemble member {@code k}: this seed for member 0 (so a one-member ensemble is
     * the plain fit), then seeds spread by the golden-ratio increment; same threads and progress.
     */
    public FitContext member(int k) {
        return new FitContext(seed + k * 0x9E3779B97F4A7C15L, threads, progress);
    }
}
