package ai.affinity.bench;

import ai.affinity.model.TopK;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Top-K selection over one user's scores: the partial heap selection used by every model against
 * the sort-everything reference. Run: {@code java -jar affinity-bench/target/benchmarks.jar TopKBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopKBenchmark {
    @Param({"20000"})
    public int numItems;

    @Param({"20"})
    public int k;

    private float[] scores;
    private boolean[] excluded;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        scores = new float[numItems];
        excluded = new boolean[numItems];
        for (int i = 0; i < numItems; i++) {
            scores[i] = (float) Math.pow(rng.nextDouble(), 3);
            excluded[i] = rng.nextInt(100) == 0;
        }
    }

    @Benchmark
    public int[] heapSelect() {
        return TopK.select(scores, k, excluded, null);
    }

    @Benchmark
    public int[] fullSortReference() {
        // What a naive implementation does: sort every eligible item by score.
        long[] packed = new long[numItems];
        int n = 0;
        for (int i = 0; i < numItems; i++) {
            if (!excluded[i]) {
                // Higher score first; scores are non-negative so the int bits order like the floats.
                packed[n++] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(scores[i])) << 32) | i;
            }
        }
        java.util.Arrays.sort(packed, 0, n);
        int[] out = new int[Math.min(k, n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) packed[i];
        }
        return out;
    }
}
