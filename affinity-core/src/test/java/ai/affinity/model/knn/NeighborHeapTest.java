package ai.affinity.model.knn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NeighborHeapTest {
    @Test
    void packingPreservesOrderOfScoresThenSmallerId() {
        float[] scores = {-3f, -0.5f, -0f, 0f, 1e-20f, 0.5f, 2f, Float.MAX_VALUE};
        for (int a = 0; a + 1 < scores.length; a++) {
            long lo = NeighborHeap.pack(scores[a], 7);
            long hi = NeighborHeap.pack(scores[a + 1], 7);
            assertEquals(-1, Long.compare(lo, hi), scores[a] + " < " + scores[a + 1]);
            assertEquals(scores[a], NeighborHeap.score(lo));
        }
        assertEquals(1, Long.compare(NeighborHeap.pack(1f, 3), NeighborHeap.pack(1f, 4)), "smaller id wins a tie");
        assertEquals(123456, NeighborHeap.id(NeighborHeap.pack(0.25f, 123456)));
    }

    @Test
    void keepsTheBestInOrderWhateverTheInsertionOrder() {
        long seed = 20240601L;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rng.nextInt(200);
            int k = 1 + rng.nextInt(30);
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(20) - 5; // many ties
            }
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
            int m = Math.min(n, k);
            int[] expected = new int[m];
            for (int t = 0; t < m; t++) {
                expected[t] = order[t];
            }
            NeighborHeap heap = new NeighborHeap(k);
            int[] perm = IntStream.range(0, n).toArray();
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            for (int i : perm) {
                heap.offer(s[i], i);
            }
            int[] ids = new int[k];
            float[] vals = new float[k];
            assertEquals(m, heap.drainBestFirst(ids, vals, 0));
            assertArrayEquals(expected, Arrays.copyOf(ids, m), "seed " + seed + " trial " + trial);
            assertEquals(0, heap.size());
        }
    }
}
