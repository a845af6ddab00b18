package ai.affinity.metric;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {
    private static double[] uniform(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble();
        }
        return v;
    }

    @Test
    void constantValuesGiveTheValue() {
        double[] v = new double[137];
        Arrays.fill(v, 0.1);
        double[][] ci = Bootstrap.percentileCis(new double[][] {v}, 500, 0.95, 1);
        assertEquals(0.1, ci[0][0]);
        assertEquals(0.1, ci[0][1]);
    }

    @Test
    void containsTheMeanAndNarrowsWithMoreUsers() {
        double[] small = uniform(100, 11);
        double[] large = uniform(10_000, 12);
        double[][] ciSmall = Bootstrap.percentileCis(new double[][] {small}, 1000, 0.95, 3);
        double[][] ciLarge = Bootstrap.percentileCis(new double[][] {large}, 1000, 0.95, 3);
        double meanSmall = Bootstrap.nanMean(small);
        double meanLarge = Bootstrap.nanMean(large);
        assertTrue(ciSmall[0][0] <= meanSmall && meanSmall <= ciSmall[0][1], Arrays.toString(ciSmall[0]));
        assertTrue(ciLarge[0][0] <= meanLarge && meanLarge <= ciLarge[0][1], Arrays.toString(ciLarge[0]));
        double wSmall = ciSmall[0][1] - ciSmall[0][0];
        double wLarge = ciLarge[0][1] - ciLarge[0][0];
        // width ~ 1/sqrt(n): 100x the users gives ~1/10 the width
        assertTrue(wLarge < wSmall / 5, "widths " + wSmall + " and " + wLarge);
    }

    @Test
    void agreesWithNormalTheoryForALargeSample() {
        // Uniform(0,1) values: sd = 1/sqrt(12); the 95% CI of the mean of n = 4000 has half-width
        // 1.96 / sqrt(12 * 4000) ~ 0.008946. The bootstrap should be within ~10%.
        int n = 4000;
        double[] v = uniform(n, 5);
        double[][] ci = Bootstrap.percentileCis(new double[][] {v}, 2000, 0.95, 8);
        double halfWidth = (ci[0][1] - ci[0][0]) / 2;
        assertEquals(1.96 / Math.sqrt(12.0 * n), halfWidth, 0.1 * 1.96 / Math.sqrt(12.0 * n));
    }

    @Test
    void twoPointKnownDistribution() {
        // Users {0, 1}: a resample mean is 0, 1/2 or 1 with probabilities 1/4, 1/2, 1/4. The 95% interval
        // spans {0, 1}; the central 40% (quantiles 0.3 and 0.7) lies inside the mass at 1/2.
        double[][] values = {{0.0, 1.0}};
        double[][] ci95 = Bootstrap.percentileCis(values, 1000, 0.95, 4);
        assertArrayEquals(new double[] {0.0, 1.0}, ci95[0]);
        double[][] ci40 = Bootstrap.percentileCis(values, 1000, 0.40, 4);
        assertArrayEquals(new double[] {0.5, 0.5}, ci40[0]);
    }

    @Test
    void deterministicBySeed() {
        double[][] values = {uniform(300, 1), uniform(300, 2)};
        double[][] a = Bootstrap.percentileCis(values, 400, 0.95, 42);
        double[][] b = Bootstrap.percentileCis(values, 400, 0.95, 42);
        double[][] c = Bootstrap.percentileCis(values, 400, 0.95, 43);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertFalse(Arrays.equals(a[0], c[0]));
    }

    @Test
    void metricsShareResamplesAndSkipNaN() {
        double[] m0 = uniform(200, 9);
        double[] withNaN = new double[200];
        Arrays.fill(withNaN, Double.NaN);
        for (int i = 0; i < 200; i += 3) {
            withNaN[i] = 0.25;
        }
        double[] allNaN = new double[200];
        Arrays.fill(allNaN, Double.NaN);
        double[][] alone = Bootstrap.percentileCis(new double[][] {m0}, 300, 0.9, 17);
        double[][] together = Bootstrap.percentileCis(new double[][] {m0, withNaN, allNaN}, 300, 0.9, 17);
        // same seed, same resamples: a metric's interval does not depend on the others
        assertArrayEquals(alone[0], together[0]);
        assertArrayEquals(new double[] {0.25, 0.25}, together[1]);
        assertTrue(Double.isNaN(together[2][0]) && Double.isNaN(together[2][1]));
        assertEquals(0.25, Bootstrap.nanMean(withNaN));
        assertEquals(67, Bootstrap.countNonNaN(withNaN));
        assertTrue(Double.isNaN(Bootstrap.nanMean(allNaN)));
    }

    @Test
    void noUsersAndBadArguments() {
        double[][] ci = Bootstrap.percentileCis(new double[][] {{}, {}}, 10, 0.95, 1);
        assertTrue(Double.isNaN(ci[0][0]) && Double.isNaN(ci[1][1]));
        assertEquals(0, Bootstrap.percentileCis(new double[0][], 10, 0.95, 1).length);
        double[][] ok = {{1, 2}};
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentileCis(ok, 0, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentileCis(ok, 10, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentileCis(ok, 10, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.percentileCis(new double[][] {{1, 2}, {1}}, 10, 0.95, 1));
    }

    @Test
    void defaultResamples() {
        assertEquals(1000, Bootstrap.defaultResamples(0));
        assertEquals(1000, Bootstrap.defaultResamples(20_000));
        assertEquals(999, Bootstrap.defaultResamples(20_001)); // 20e6 / 20001 = 999.95
        assertEquals(400, Bootstrap.defaultResamples(50_000));
        assertEquals(200, Bootstrap.defaultResamples(100_000));
        assertEquals(200, Bootstrap.defaultResamples(1_000_000));
    }
}
