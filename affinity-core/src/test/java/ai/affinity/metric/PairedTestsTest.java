package ai.affinity.metric;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedTestsTest {
    // Student's sleep data (Cushny & Peebles 1905; R's `sleep`): extra hours of sleep of 10 patients
    // under two drugs.
    private static final double[] DRUG1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    private static final double[] DRUG2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    @Test
    void pairedTTestOnSleepData() {
        // d = drug1 - drug2 = -1.2 -2.4 -1.3 -1.3 0 -1.0 -1.8 -0.8 -4.6 -1.4; mean -1.58,
        // sd 1.229995, t = -1.58 / (1.229995 / sqrt 10) = -4.0621, df 9.
        // R: t.test(extra ~ group, data = sleep, paired = TRUE) -> t = -4.0621, p-value = 0.002833.
        double p = PairedTests.pairedTTestP(DRUG1, DRUG2);
        assertEquals(0.002832890197384273, p, 1e-9);
        assertEquals(new TTest().pairedTTest(DRUG1, DRUG2), p, 1e-12);
        assertEquals(p, PairedTests.pairedTTestP(DRUG2, DRUG1), 1e-15);
        assertEquals(-1.58, PairedTests.meanDifference(DRUG1, DRUG2), 1e-12);
    }

    @Test
    void pairedTTestAgreesWithCommonsMathOnRandomData() {
        SplittableRandom rng = new SplittableRandom(2024);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rng.nextInt(200);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextDouble();
                b[i] = a[i] + (rng.nextDouble() - 0.45) * 0.3;
            }
            assertEquals(new TTest().pairedTTest(a, b), PairedTests.pairedTTestP(a, b), 1e-10, "trial " + trial);
        }
    }

    @Test
    void wilcoxonOnSleepData() {
        // |d| without the zero: 0.8 1.0 1.2 1.3 1.3 1.4 1.8 2.4 4.6, n = 9, all d < 0 so W+ = 0.
        // E[W+] = 9*10/4 = 22.5; Var = 9*10*19/24 - (2^3 - 2)/48 = 71.25 - 0.125 = 71.125 (one tie pair).
        // z = -22.5 / sqrt(71.125) = -2.6679, p = 2 Phi(-2.6679) = 0.0076324.
        assertEquals(0.007632441648205508, PairedTests.wilcoxonSignedRankP(DRUG1, DRUG2), 1e-9);
        // With continuity correction: z = -22 / sqrt(71.125) = -2.6086, p = 0.0090907;
        // R: wilcox.test(extra ~ group, data = sleep, paired = TRUE) -> V = 0, p-value = 0.009091.
        assertEquals(0.009090698015925044, PairedTests.wilcoxonSignedRankP(DRUG1, DRUG2, true), 1e-9);
    }

    @Test
    void wilcoxonTextbookExample() {
        // Wikipedia "Wilcoxon signed-rank test" example: d = 15 -7 5 20 0 -9 17 -12 5 -10.
        // Drop the zero (n = 9); ranks of |d|: 5,5 -> 1.5 each, 7 -> 3, 9 -> 4, 10 -> 5, 12 -> 6, 15 -> 7,
        // 17 -> 8, 20 -> 9. W+ = 7 + 1.5 + 9 + 8 + 1.5 = 27, W- = 18.
        // z = (27 - 22.5) / sqrt(71.125) = 0.53358, p = 0.59363 (SciPy wilcoxon(correction=False, method="approx")).
        double[] a = {125, 115, 130, 140, 140, 115, 140, 125, 140, 135};
        double[] b = {110, 122, 125, 120, 140, 124, 123, 137, 135, 145};
        assertEquals(0.5936305914425295, PairedTests.wilcoxonSignedRankP(a, b), 1e-9);
        assertEquals(0.5936305914425295, PairedTests.wilcoxonSignedRankP(b, a), 1e-9);
    }

    @Test
    void nanPairsAreDropped() {
        double[] a = Arrays.copyOf(DRUG1, 13);
        double[] b = Arrays.copyOf(DRUG2, 13);
        a[10] = Double.NaN;
        b[10] = 5;
        a[11] = 5;
        b[11] = Double.NaN;
        a[12] = Double.NaN;
        b[12] = Double.NaN;
        assertEquals(PairedTests.pairedTTestP(DRUG1, DRUG2), PairedTests.pairedTTestP(a, b), 1e-15);
        assertEquals(PairedTests.wilcoxonSignedRankP(DRUG1, DRUG2), PairedTests.wilcoxonSignedRankP(a, b), 1e-15);
        assertEquals(-1.58, PairedTests.meanDifference(a, b), 1e-12);
    }

    @Test
    void degenerateInputs() {
        double[] x = {0.1, 0.5, 0.3};
        assertEquals(1.0, PairedTests.pairedTTestP(x, x.clone()));
        assertEquals(1.0, PairedTests.wilcoxonSignedRankP(x, x.clone()));
        assertEquals(0.0, PairedTests.meanDifference(x, x.clone()));
        // identical nonzero differences: zero variance, certain difference
        assertEquals(0.0, PairedTests.pairedTTestP(new double[] {1, 2, 3}, new double[] {0.5, 1.5, 2.5}));
        // one pair with a difference: undefined
        assertTrue(Double.isNaN(PairedTests.pairedTTestP(new double[] {1}, new double[] {0})));
        assertTrue(Double.isNaN(PairedTests.pairedTTestP(new double[0], new double[0])));
        assertTrue(Double.isNaN(PairedTests.wilcoxonSignedRankP(new double[] {Double.NaN}, new double[] {1})));
        assertTrue(Double.isNaN(PairedTests.meanDifference(new double[0], new double[0])));
        assertThrows(IllegalArgumentException.class, () -> PairedTests.pairedTTestP(new double[2], new double[3]));
    }

    @Test
    void pValuesAreProbabilities() {
        SplittableRandom rng = new SplittableRandom(77);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(100);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                // coarse values produce many zero differences and ties
                a[i] = rng.nextInt(4) / 4.0;
                b[i] = rng.nextInt(4) / 4.0;
            }
            double pt = PairedTests.pairedTTestP(a, b);
            double pw = PairedTests.wilcoxonSignedRankP(a, b);
            assertTrue(pt >= 0 && pt <= 1, "trial " + trial + " t " + pt);
            assertTrue(pw >= 0 && pw <= 1, "trial " + trial + " w " + pw);
        }
    }
}
