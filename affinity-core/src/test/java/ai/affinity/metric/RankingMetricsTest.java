package ai.affinity.metric;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingMetricsTest {
    private static final double EPS = 1e-12;

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static boolean[] relevant(int numItems, int... items) {
        boolean[] r = new boolean[numItems];
        for (int i : items) {
            r[i] = true;
        }
        return r;
    }

    // ranked [3,1,4,2,0], relevant {1,2,7}, numRelevant 3: hits at ranks 2 (item 1) and 4 (item 2).
    private static final int[] RANKED = {3, 1, 4, 2, 0};
    private static final boolean[] REL = relevant(8, 1, 2, 7);

    @Test
    void handComputedAtListLength() {
        // precision@5 = 2/5, recall@5 = 2/3
        assertEquals(2.0 / 5, RankingMetrics.precision(RANKED, 5, REL), EPS);
        assertEquals(2.0 / 3, RankingMetrics.recall(RANKED, 5, REL, 3), EPS);
        // F1 = 2 * (2/5)(2/3) / (2/5 + 2/3) = (8/15) / (16/15) = 1/2
        assertEquals(0.5, RankingMetrics.f1(2.0 / 5, 2.0 / 3), EPS);
        // DCG = 1/log2(3) + 1/log2(5); IDCG over min(3,5) = 3 positions = 1 + 1/log2(3) + 1/log2(4)
        double ndcg = (1 / log2(3) + 1 / log2(5)) / (1 + 1 / log2(3) + 1 / log2(4));
        assertEquals(ndcg, RankingMetrics.ndcg(RANKED, 5, REL, 3), EPS);
        // AP@5 = (P@2 + P@4) / min(3,5) = (1/2 + 2/4) / 3 = 1/3
        assertEquals(1.0 / 3, RankingMetrics.averagePrecision(RANKED, 5, REL, 3), EPS);
        assertEquals(0.5, RankingMetrics.reciprocalRank(RANKED, 5, REL), EPS);
        assertEquals(1.0, RankingMetrics.hit(RANKED, 5, REL));
        assertEquals(2, RankingMetrics.hits(RANKED, 5, REL));
    }

    @Test
    void kSmallerThanList() {
        // top 3 = [3,1,4]: one hit at rank 2
        assertEquals(1.0 / 3, RankingMetrics.precision(RANKED, 3, REL), EPS);
        assertEquals(1.0 / 3, RankingMetrics.recall(RANKED, 3, REL, 3), EPS);
        // DCG = 1/log2(3); IDCG over min(3,3) = 1 + 1/log2(3) + 1/log2(4)
        assertEquals((1 / log2(3)) / (1 + 1 / log2(3) + 1 / log2(4)), RankingMetrics.ndcg(RANKED, 3, REL, 3), EPS);
        // AP@3 = (1/2) / 3
        assertEquals(1.0 / 6, RankingMetrics.averagePrecision(RANKED, 3, REL, 3), EPS);
        assertEquals(0.5, RankingMetrics.reciprocalRank(RANKED, 3, REL), EPS);
        assertEquals(1.0, RankingMetrics.hit(RANKED, 3, REL));
        // top 1 = [3]: nothing
        assertEquals(0.0, RankingMetrics.precision(RANKED, 1, REL));
        assertEquals(0.0, RankingMetrics.recall(RANKED, 1, REL, 3));
        assertEquals(0.0, RankingMetrics.ndcg(RANKED, 1, REL, 3));
        assertEquals(0.0, RankingMetrics.averagePrecision(RANKED, 1, REL, 3));
        assertEquals(0.0, RankingMetrics.reciprocalRank(RANKED, 1, REL));
        assertEquals(0.0, RankingMetrics.hit(RANKED, 1, REL));
    }

    @Test
    void kLargerThanList() {
        // Only 5 items ranked at k = 10: precision divides by k (2/10); the rest is as at k = 5,
        // since IDCG and the AP denominator use min(numRelevant = 3, k) = 3 either way.
        assertEquals(2.0 / 10, RankingMetrics.precision(RANKED, 10, REL), EPS);
        assertEquals(2.0 / 3, RankingMetrics.recall(RANKED, 10, REL, 3), EPS);
        assertEquals(RankingMetrics.ndcg(RANKED, 5, REL, 3), RankingMetrics.ndcg(RANKED, 10, REL, 3), EPS);
        assertEquals(1.0 / 3, RankingMetrics.averagePrecision(RANKED, 10, REL, 3), EPS);
        assertEquals(0.5, RankingMetrics.reciprocalRank(RANKED, 10, REL), EPS);
        assertEquals(1.0, RankingMetrics.hit(RANKED, 10, REL));
    }

    @Test
    void emptyList() {
        int[] empty = {};
        assertEquals(0.0, RankingMetrics.precision(empty, 5, REL));
        assertEquals(0.0, RankingMetrics.recall(empty, 5, REL, 3));
        assertEquals(0.0, RankingMetrics.ndcg(empty, 5, REL, 3));
        assertEquals(0.0, RankingMetrics.averagePrecision(empty, 5, REL, 3));
        assertEquals(0.0, RankingMetrics.reciprocalRank(empty, 5, REL));
        assertEquals(0.0, RankingMetrics.hit(empty, 5, REL));
    }

    @Test
    void noHits() {
        int[] ranked = {0, 3, 4, 5, 6};
        assertEquals(0.0, RankingMetrics.precision(ranked, 5, REL));
        assertEquals(0.0, RankingMetrics.recall(ranked, 5, REL, 3));
        assertEquals(0.0, RankingMetrics.ndcg(ranked, 5, REL, 3));
        assertEquals(0.0, RankingMetrics.averagePrecision(ranked, 5, REL, 3));
        assertEquals(0.0, RankingMetrics.reciprocalRank(ranked, 5, REL));
        assertEquals(0.0, RankingMetrics.hit(ranked, 5, REL));
        assertEquals(0.0, RankingMetrics.f1(0, 0));
    }

    @Test
    void allHits() {
        int[] ranked = {7, 2, 1};
        assertEquals(1.0, RankingMetrics.precision(ranked, 3, REL));
        assertEquals(1.0, RankingMetrics.recall(ranked, 3, REL, 3));
        assertEquals(1.0, RankingMetrics.ndcg(ranked, 3, REL, 3), EPS);
        assertEquals(1.0, RankingMetrics.averagePrecision(ranked, 3, REL, 3), EPS);
        assertEquals(1.0, RankingMetrics.reciprocalRank(ranked, 3, REL));
        assertEquals(1.0, RankingMetrics.f1(1.0, 1.0), EPS);
        // all 3 relevant items first, then non-relevant ones, at k = 5: ndcg and AP still 1, precision 3/5
        int[] longer = {7, 2, 1, 0, 3};
        assertEquals(1.0, RankingMetrics.ndcg(longer, 5, REL, 3), EPS);
        assertEquals(1.0, RankingMetrics.averagePrecision(longer, 5, REL, 3), EPS);
        assertEquals(3.0 / 5, RankingMetrics.precision(longer, 5, REL), EPS);
    }

    @Test
    void moreRelevantThanK() {
        boolean[] rel = relevant(10, 0, 1, 2, 3, 4, 5); // numRelevant 6
        int[] ranked = {0, 9, 1, 8};
        // k = 4: hits at ranks 1 and 3
        assertEquals(2.0 / 4, RankingMetrics.precision(ranked, 4, rel), EPS);
        assertEquals(2.0 / 6, RankingMetrics.recall(ranked, 4, rel, 6), EPS);
        // DCG = 1 + 1/log2(4); IDCG over min(6,4) = 4 positions = 1 + 1/log2(3) + 1/log2(4) + 1/log2(5)
        assertEquals((1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4) + 1 / log2(5)),
                RankingMetrics.ndcg(ranked, 4, rel, 6), EPS);
        // AP@4 = (1/1 + 2/3) / min(6,4) = (5/3) / 4 = 5/12
        assertEquals(5.0 / 12, RankingMetrics.averagePrecision(ranked, 4, rel, 6), EPS);
        assertEquals(1.0, RankingMetrics.reciprocalRank(ranked, 4, rel));
        // a perfect top 3 scores ndcg = AP = 1 even though recall is only 3/6
        int[] perfect = {5, 0, 3};
        assertEquals(1.0, RankingMetrics.ndcg(perfect, 3, rel, 6), EPS);
        assertEquals(1.0, RankingMetrics.averagePrecision(perfect, 3, rel, 6), EPS);
        assertEquals(0.5, RankingMetrics.recall(perfect, 3, rel, 6), EPS);
    }

    @Test
    void ndcgBeyondTheDiscountTable() {
        int n = 3000;
        int[] ranked = new int[n];
        boolean[] rel = new boolean[n];
        for (int i = 0; i < n; i++) {
            ranked[i] = i;
            rel[i] = i % 2 == 0;
        }
        double dcg = 0;
        double idcg = 0;
        for (int i = 0; i < n; i++) {
            dcg += rel[i] ? 1 / log2(i + 2) : 0;
            idcg += i < n / 2 ? 1 / log2(i + 2) : 0;
        }
        assertEquals(dcg / idcg, RankingMetrics.ndcg(ranked, n, rel, n / 2), 1e-12);
        boolean[] all = relevant(n);
        java.util.Arrays.fill(all, true);
        assertEquals(1.0, RankingMetrics.ndcg(ranked, n, all, n), 1e-12);
    }

    @Test
    void noveltyAndSelfInformation() {
        // counts 0, 3, 9 of 9 users: -log2(1/10) = log2 10, -log2(4/10) = log2 2.5, -log2(10/10) = 0
        double[] si = RankingMetrics.selfInformation(new int[] {0, 3, 9}, 9);
        assertEquals(log2(10), si[0], EPS);
        assertEquals(log2(2.5), si[1], EPS);
        assertEquals(0.0, si[2]);
        // mean over [0,1] = (log2 10 + log2 2.5) / 2 = log2(25) / 2 = log2 5
        assertEquals(log2(5), RankingMetrics.novelty(new int[] {0, 1, 2}, 2, si), EPS);
        assertEquals((log2(10) + log2(2.5)) / 3, RankingMetrics.novelty(new int[] {0, 1, 2}, 3, si), EPS);
        assertEquals(log2(5), RankingMetrics.novelty(new int[] {0, 1}, 10, si), EPS);
        assertTrue(Double.isNaN(RankingMetrics.novelty(new int[0], 5, si)));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.selfInformation(new int[] {10}, 9));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.selfInformation(new int[] {-1}, 9));
    }

    @Test
    void intraListDiversity() {
        // item 0 {f0,f1}, item 1 {f0,f1}, item 2 {f2}, item 3 {f0,f2}
        ItemSimilarity sim = ItemSimilarity.fromFeatures(new int[][] {{0, 1}, {1, 0}, {2}, {0, 2}}, 3);
        // pairs of [0,1,2]: (0,1) sim 1, (0,2) sim 0, (1,2) sim 0 -> mean(0, 1, 1) = 2/3
        assertEquals(2.0 / 3, RankingMetrics.intraListDiversity(new int[] {0, 1, 2}, 3, sim), EPS);
        // (0,3): 1 common feature / sqrt(2*2) = 1/2 -> diversity 1/2
        assertEquals(0.5, RankingMetrics.intraListDiversity(new int[] {0, 3, 2}, 2, sim), EPS);
        // [2,3]: 1/sqrt(1*2) -> 1 - 1/sqrt 2
        assertEquals(1 - 1 / Math.sqrt(2), RankingMetrics.intraListDiversity(new int[] {2, 3}, 5, sim), EPS);
        assertTrue(Double.isNaN(RankingMetrics.intraListDiversity(new int[] {0, 1}, 1, sim)));
        assertTrue(Double.isNaN(RankingMetrics.intraListDiversity(new int[0], 5, sim)));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.precision(RANKED, 0, REL));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.recall(RANKED, 5, REL, 0));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.ndcg(RANKED, 5, REL, 0));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.averagePrecision(RANKED, -1, REL, 3));
    }

    /** Seeded random lists: bounds, the NDCG = 1 characterisation, and recall monotone in k. */
    @Test
    void propertiesOnRandomLists() {
        long seed = 20240611L;
        SplittableRandom rng = new SplittableRandom(seed);
        int numItems = 60;
        int[] perm = new int[numItems];
        int perfectCases = 0;
        for (int trial = 0; trial < 3000; trial++) {
            String ctx = "seed " + seed + " trial " + trial;
            for (int i = 0; i < numItems; i++) {
                perm[i] = i;
            }
            for (int i = numItems - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            int len = rng.nextInt(35);
            int[] ranked = java.util.Arrays.copyOf(perm, len);
            boolean[] rel = new boolean[numItems];
            // dense relevance in some trials so that perfect lists occur
            double density = rng.nextInt(3) == 0 ? 0.9 : 0.15;
            int numRel = 0;
            for (int i = 0; i < numItems; i++) {
                if (rng.nextDouble() < density) {
                    rel[i] = true;
                    numRel++;
                }
            }
            if (numRel == 0) {
                rel[0] = true;
                numRel = 1;
            }
            double prevRecall = 0;
            for (int k = 1; k <= 40; k++) {
                double p = RankingMetrics.precision(ranked, k, rel);
                double r = RankingMetrics.recall(ranked, k, rel, numRel);
                double n = RankingMetrics.ndcg(ranked, k, rel, numRel);
                double ap = RankingMetrics.averagePrecision(ranked, k, rel, numRel);
                double rr = RankingMetrics.reciprocalRank(ranked, k, rel);
                double h = RankingMetrics.hit(ranked, k, rel);
                double f = RankingMetrics.f1(p, r);
                for (double v : new double[] {p, r, n, ap, rr, h, f}) {
                    assertTrue(v >= 0 && v <= 1, ctx + " k " + k + ": value " + v + " outside [0,1]");
                }
                assertTrue(r >= prevRecall, ctx + " k " + k + ": recall decreased");
                prevRecall = r;
                int top = Math.min(k, numRel);
                boolean perfect = len >= top;
                for (int i = 0; i < top && perfect; i++) {
                    perfect = rel[ranked[i]];
                }
                if (perfect) {
                    perfectCases++;
                    assertEquals(1.0, n, 1e-12, ctx + " k " + k + ": perfect top should give ndcg 1");
                    assertEquals(1.0, ap, 1e-12, ctx + " k " + k + ": perfect top should give AP 1");
                } else {
                    assertTrue(n < 1 - 1e-12, ctx + " k " + k + ": imperfect top gave ndcg " + n);
                }
                assertEquals(h > 0, rr > 0, ctx);
                assertEquals(RankingMetrics.hits(ranked, k, rel) / (double) k, p, EPS, ctx);
            }
        }
        // the iff is exercised in both directions
        assertTrue(perfectCases > 1000, "perfect cases: " + perfectCases);
    }
}
