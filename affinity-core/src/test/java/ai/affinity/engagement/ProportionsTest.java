package ai.affinity.engagement;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProportionsTest {
    @Test
    void wilsonMatchesHandComputation() {
        // 30 of 100 at 95%: z = 1.959964, z^2 = 3.841459; center = (0.3 + 0.0192073) / 1.0384146 = 0.307399,
        // half = 1.959964 / 1.0384146 * sqrt(0.0021 + 0.0000960365) = 0.0884499 -> [0.218949, 0.395848]
        // (R: prop.test(30, 100, correct = FALSE)$conf.int = 0.2189489 0.3958485).
        Proportions.Interval ci = Proportions.wilson95(30, 100);
        assertEquals(0.2189489, ci.lower(), 1e-6);
        assertEquals(0.3958485, ci.upper(), 1e-6);
    }

    @Test
    void wilsonAtTheEndsStaysInsideZeroOne() {
        // 0 of 10: lower 0, upper z^2/n / (1 + z^2/n) = 0.3841459 / 1.3841459 = 0.277533.
        Proportions.Interval zero = Proportions.wilson95(0, 10);
        assertEquals(0, zero.lower(), 0);
        assertEquals(0.277533, zero.upper(), 1e-6);
        Proportions.Interval all = Proportions.wilson95(10, 10);
        assertEquals(1 - 0.277533, all.lower(), 1e-6);
        assertEquals(1, all.upper(), 0);
        Proportions.Interval none = Proportions.wilson95(0, 0);
        assertEquals(0, none.lower(), 0);
        assertEquals(1, none.upper(), 0);
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson95(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson(1, 2, 1.0));
    }

    @Test
    void twoProportionTestMatchesHandComputation() {
        // 30/100 vs 20/100: pooled 0.25, se = sqrt(0.25 * 0.75 * 0.02) = 0.0612372, z = 0.1 / se = 1.632993,
        // p = 2 * Phi(-1.632993) = 0.102470 (R: prop.test(c(30, 20), c(100, 100), correct = FALSE): X^2 = 2.6667, p = 0.1025).
        Proportions.TwoProportionTest t = Proportions.twoProportionTest(30, 100, 20, 100);
        assertEquals(0.3, t.rateA(), 1e-12);
        assertEquals(0.2, t.rateB(), 1e-12);
        assertEquals(0.1, t.difference(), 1e-12);
        assertEquals(1.632993, t.z(), 1e-6);
        assertEquals(0.102470, t.pValue(), 1e-6);
        assertEquals(2.6667, t.z() * t.z(), 1e-4);
        // Symmetric: swapping the arms flips z, keeps p.
        Proportions.TwoProportionTest s = Proportions.twoProportionTest(20, 100, 30, 100);
        assertEquals(-t.z(), s.z(), 1e-12);
        assertEquals(t.pValue(), s.pValue(), 1e-12);
    }

    @Test
    void twoProportionTestDegenerateCases() {
        Proportions.TwoProportionTest zeros = Proportions.twoProportionTest(0, 50, 0, 40);
        assertEquals(0, zeros.z(), 0);
        assertEquals(1, zeros.pValue(), 0);
        Proportions.TwoProportionTest empty = Proportions.twoProportionTest(0, 0, 3, 40);
        assertTrue(Double.isNaN(empty.pValue()));
        // A large, clear difference gives a tiny but positive p-value.
        Proportions.TwoProportionTest big = Proportions.twoProportionTest(5000, 10000, 4000, 10000);
        assertTrue(big.pValue() > 0 && big.pValue() < 1e-40, "p = " + big.pValue());
    }
}
