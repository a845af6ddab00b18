package ai.affinity.metric;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CoverageAccumulatorTest {
    @Test
    void handComputed() {
        CoverageAccumulator c = new CoverageAccumulator(10, 2);
        c.add(new int[] {0, 1, 2}); // only the top 2 count: {0, 1}
        c.add(new int[] {1, 5});    // {0, 1, 5}
        c.add(new int[0]);
        c.add(new int[] {5});
        assertEquals(3, c.distinctItems());
        assertEquals(3.0 / 10, c.value(), 1e-15);

        CoverageAccumulator candidates = new CoverageAccumulator(10, 2, 5);
        candidates.add(new int[] {0, 1, 2});
        candidates.add(new int[] {1, 5});
        assertEquals(3.0 / 5, candidates.value(), 1e-15);
        assertEquals(0.0, new CoverageAccumulator(0, 5).value());
    }

    @Test
    void mergeEqualsSingleAccumulation() {
        long seed = 99;
        SplittableRandom rng = new SplittableRandom(seed);
        int numItems = 1000; // several 64-bit words
        int k = 10;
        CoverageAccumulator all = new CoverageAccumulator(numItems, k);
        CoverageAccumulator[] parts = new CoverageAccumulator[3];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = new CoverageAccumulator(numItems, k);
        }
        for (int u = 0; u < 300; u++) {
            int[] ranked = new int[rng.nextInt(15)];
            for (int i = 0; i < ranked.length; i++) {
                // skewed towards popular items so lists overlap across parts
                ranked[i] = (int) (numItems * Math.pow(rng.nextDouble(), 3));
            }
            all.add(ranked);
            parts[u % parts.length].add(ranked);
        }
        CoverageAccumulator merged = new CoverageAccumulator(numItems, k);
        for (CoverageAccumulator p : parts) {
            merged.merge(p);
        }
        assertEquals(all.distinctItems(), merged.distinctItems(), "seed " + seed);
        assertEquals(all.value(), merged.value());
        // merging again changes nothing
        merged.merge(parts[0]);
        assertEquals(all.value(), merged.value());
    }

    @Test
    void badArguments() {
        CoverageAccumulator c = new CoverageAccumulator(10, 2);
        assertThrows(IllegalArgumentException.class, () -> c.merge(new CoverageAccumulator(10, 3)));
        assertThrows(IllegalArgumentException.class, () -> c.merge(new CoverageAccumulator(11, 2)));
        assertThrows(IllegalArgumentException.class, () -> c.add(new int[] {10}));
        assertThrows(IllegalArgumentException.class, () -> new CoverageAccumulator(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new CoverageAccumulator(10, 2, 11));
    }
}
