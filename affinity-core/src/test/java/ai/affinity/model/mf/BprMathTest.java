package ai.affinity.model.mf;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand-computed values for the BPR update, the learning-rate schedule, the alias table and the kernels. */
class BprMathTest {
    private static final float EPS = 1e-6f;

    /**
     * k = 2, p_u = (1, 0), q_i = (0, 1), q_j = (1, 1), b_i = 0.5, b_j = 0, lr = 0.1, regs 0.1/0.2/0.3:
     * x = 0.5 + (1·(0−1) + 0·(1−1)) = −0.5, z = σ(0.5) = 0.62245933.
     */
    @Test
    void sgdStepMatchesHandComputation() {
        float[] users = {1f, 0f};
        float[] items = {0f, 1f, 1f, 1f};
        float[] bias = {0.5f, 0f};
        float x = BprTrainer.step(users, 0, items, 0, 1, bias, 2, 0.1f, 0.1f, 0.2f, 0.3f);
        float z = 0.62245933f;
        assertEquals(-0.5f, x, EPS);
        // p_u += 0.1 (z (q_i − q_j) − 0.1 p_u) = (1 + 0.1(−z − 0.1), 0)
        assertArrayEquals(new float[] {1f - 0.1f * z - 0.01f, 0f}, users, EPS);
        // q_i += 0.1 (z p_u − 0.2 q_i) = (0.1 z, 1 − 0.02); q_j += 0.1 (−z p_u − 0.2 q_j) = (1 − 0.1 z − 0.02, 0.98)
        assertArrayEquals(new float[] {0.1f * z, 0.98f, 1f - 0.1f * z - 0.02f, 0.98f}, items, EPS);
        // b_i += 0.1 (z − 0.3·0.5); b_j += 0.1 (−z − 0)
        assertArrayEquals(new float[] {0.5f + 0.1f * (z - 0.15f), -0.1f * z}, bias, EPS);
    }

    @Test
    void foldInStepIsTheUserPartOfTheFullStep() {
        float[] items = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.7f, 0.2f, 0.2f, 0.9f, -0.1f};
        float[] bias = {0.2f, -0.1f};
        float[] user = {0.05f, 0.4f, -0.3f, 0.2f, 0.1f};
        float[] full = user.clone();
        float[] itemsCopy = items.clone();
        float[] biasCopy = bias.clone();
        float x1 = BprTrainer.userStep(user, items, 1, 0, bias, 5, 0.05f, 0.01f);
        float x2 = BprTrainer.step(full, 0, itemsCopy, 1, 0, biasCopy, 5, 0.05f, 0.01f, 0.02f, 0.03f);
        assertEquals(x2, x1, 0f);
        assertArrayEquals(full, user, 0f);
        assertArrayEquals(new float[] {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.7f, 0.2f, 0.2f, 0.9f, -0.1f}, items, 0f);
    }

    @Test
    void kernelsMatchNaiveSums() {
        float[] a = {1, 2, 3, 4, 5, 6, 7};
        float[] v = {0, 0, 1, -1, 2, 0.5f, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        // a · v[2..9) = 1 - 2 + 6 + 2 + 15 + 6 + 7 = 35
        assertEquals(35f, ai.affinity.math.Vectors.dot(a, 0, v, 2, 7), 0f);
        // a[1..4) · (v[0..3) − v[3..6)) = 2·(0+1) + 3·(0−2) + 4·(1−0.5) = 2 − 6 + 2 = −2
        assertEquals(-2f, MfMath.dotDiff(a, 1, v, 0, 3, 3), 0f);
        float[] out = new float[2];
        MfMath.scoreAll(new float[] {1, 2}, 0, new float[] {1, 1, 0, 3}, new float[] {0.5f, -1f}, 2, out);
        assertArrayEquals(new float[] {3.5f, 5f}, out, 0f);
        assertEquals(0.5f, MfMath.sigmoid(0f), 0f);
        assertEquals(0.7310586f, MfMath.sigmoid(1f), EPS);
    }

    @Test
    void learningRateSchedules() {
        Bpr linear = schedule(Bpr.Decay.LINEAR, 0.1, 0);
        assertEquals(0.1, linear.learningRate(0, 5, 0), 1e-12);
        assertEquals(0.1 * (1 - 0.9 * 0.25), linear.learningRate(1, 5, 0), 1e-12);
        assertEquals(0.01, linear.learningRate(4, 5, 0), 1e-12);

        Bpr exp = schedule(Bpr.Decay.EXPONENTIAL, 0.01, 0);
        assertEquals(0.1, exp.learningRate(0, 3, 0), 1e-12);
        assertEquals(0.01, exp.learningRate(1, 3, 0), 1e-12);
        assertEquals(0.001, exp.learningRate(2, 3, 0), 1e-12);

        Bpr constantWarm = schedule(Bpr.Decay.CONSTANT, 1, 2);
        assertEquals(0.1 / 3, constantWarm.learningRate(0, 6, 2), 1e-12);
        assertEquals(0.2 / 3, constantWarm.learningRate(1, 6, 2), 1e-12);
        assertEquals(0.1, constantWarm.learningRate(2, 6, 2), 1e-12);
        assertEquals(0.1, constantWarm.learningRate(5, 6, 2), 1e-12);

        Bpr linearWarm = schedule(Bpr.Decay.LINEAR, 0.5, 2);
        assertEquals(0.1, linearWarm.learningRate(2, 6, 2), 1e-12);
        assertEquals(0.1 * (1 - 0.5 / 3), linearWarm.learningRate(3, 6, 2), 1e-12);
        assertEquals(0.05, linearWarm.learningRate(5, 6, 2), 1e-12);
        // One epoch: no decay at all.
        assertEquals(0.1, linear.learningRate(0, 1, 0), 1e-12);
        // Fold-in scales the warm-up to its own epochs: 2 of 6 → 6 of 20 (rounded down).
        assertEquals(6, new Bpr(8, 6, 0.1, Bpr.Decay.LINEAR, 0.5, 2, 0, 0, 0, Bpr.NegativeSampling.UNIFORM, 0.75, 0.1, 20,
                Bpr.Sampling.USERS)
                .foldInWarmup());
    }

    private static Bpr schedule(Bpr.Decay decay, double lrFinal, int warmup) {
        return new Bpr(8, 6, 0.1, decay, lrFinal, warmup, 0, 0, 0, Bpr.NegativeSampling.UNIFORM, 0.75, 0.1, 5,
                Bpr.Sampling.USERS);
    }

    @Test
    void aliasTableImpliesTheWeights() {
        AliasSampler s = AliasSampler.of(new double[] {1, 2, 3, 4});
        for (int i = 0; i < 4; i++) {
            assertEquals((i + 1) / 10.0, s.probability(i), 1e-12, "item " + i);
        }
        AliasSampler z = AliasSampler.of(new double[] {0, 3, 0, 1});
        assertEquals(0.0, z.probability(0), 0);
        assertEquals(0.75, z.probability(1), 1e-12);
        assertEquals(0.0, z.probability(2), 0);
        assertEquals(0.25, z.probability(3), 1e-12);
        int[] counts = new int[4];
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200_000;
        for (int t = 0; t < n; t++) {
            counts[z.sample(rng)]++;
        }
        assertEquals(0, counts[0]);
        assertEquals(0, counts[2]);
        // Binomial sd = sqrt(n·0.75·0.25) ≈ 194; allow 5 sd.
        assertEquals(0.75 * n, counts[1], 1000);
        assertThrows(IllegalArgumentException.class, () -> AliasSampler.of(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> AliasSampler.of(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> AliasSampler.of(new double[] {1, -1}));
    }

    @Test
    void popularityWeightsAreCountToTheBetaWithAFloorOfOne() {
        AliasSampler s = BprTrainer.popularitySampler(new int[] {0, 1, 4, 9}, 0.5);
        // weights 1, 1, 2, 3 → total 7
        assertEquals(1 / 7.0, s.probability(0), 1e-12);
        assertEquals(1 / 7.0, s.probability(1), 1e-12);
        assertEquals(2 / 7.0, s.probability(2), 1e-12);
        assertEquals(3 / 7.0, s.probability(3), 1e-12);
    }

    @Test
    void gaussianHasUnitVariance() {
        SplittableRandom rng = new SplittableRandom(3);
        double sum = 0;
        double sq = 0;
        int n = 100_000;
        for (int t = 0; t < n; t++) {
            double g = BprTrainer.gaussian(rng);
            sum += g;
            sq += g * g;
        }
        assertEquals(0, sum / n, 0.02);
        assertEquals(1, sq / n, 0.02);
    }
}
