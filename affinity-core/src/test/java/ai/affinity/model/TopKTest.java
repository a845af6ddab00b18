package ai.affinity.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TopKTest {
    @Test
    void handPickedCase() {
        float[] s = {0.1f, 0.9f, 0.5f, 0.9f, Float.NaN, 0.3f};
        // ties broken by lower index: 1 before 3; NaN never selected
        assertArrayEquals(new int[] {1, 3, 2}, TopK.select(s, 3));
        boolean[] ex = new boolean[6];
        ex[1] = true;
        assertArrayEquals(new int[] {3, 2, 5, 0}, TopK.select(s, 10, ex, null));
        assertArrayEquals(new int[] {5, 0}, TopK.select(s, 2, null, new int[] {0, 5}));
        assertArrayEquals(new int[0], TopK.select(s, 0));
    }

    @Test
    void matchesFullSortOnRandomInputs() {
        SplittableRandom rng = new SplittableRandom(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(300);
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(20) / 4f; // many ties
            }
            boolean[] ex = new boolean[n];
            for (int i = 0; i < n; i++) {
                ex[i] = rng.nextInt(5) == 0;
            }
            int k = 1 + rng.nextInt(40);
            int[] cands = null;
            if (rng.nextBoolean()) {
                cands = rng.ints(rng.nextInt(n) + 1, 0, n).distinct().toArray();
            }
            assertArrayEquals(TopK.selectBySort(s, k, ex, cands), TopK.select(s, k, ex, cands),
                    "trial " + trial);
        }
    }
}
