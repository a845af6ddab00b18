package ai.affinity.math;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CholeskyTest {
    // A = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]]; L⁻¹ = [[1/2,0,0],[-3,1,0],[19/3,-5/3,1/3]];
    // A⁻¹ = L⁻ᵀ L⁻¹ worked out by hand.
    private static final double[] A3 = {4, 12, -16, 12, 37, -43, -16, -43, 98};

    @Test
    void factorsHandComputed3x3() {
        double[] a = A3.clone();
        Cholesky.factor(a, 3, 1);
        assertArrayEquals(new double[] {2, 0, 0, 6, 1, 0, -8, 5, 3}, a, 1e-12);
    }

    @Test
    void invertsLowerHandComputed3x3() {
        double[] l = {2, 0, 0, 6, 1, 0, -8, 5, 3};
        Cholesky.invertLower(l, 3, 1);
        assertArrayEquals(new double[] {0.5, 0, 0, -3, 1, 0, 19.0 / 3, -5.0 / 3, 1.0 / 3}, l, 1e-12);
    }

    @Test
    void invertsHandComputed3x3() {
        double[] a = A3.clone();
        Cholesky.invert(a, 3, 2);
        double[] expected = {
            1777.0 / 36, -122.0 / 9, 19.0 / 9,
            -122.0 / 9, 34.0 / 9, -5.0 / 9,
            19.0 / 9, -5.0 / 9, 1.0 / 9};
        assertArrayEquals(expected, a, 1e-10);
    }

    @Test
    void readsOnlyTheLowerTriangle() {
        double[] a = A3.clone();
        a[1] = 999;
        a[2] = -7;
        a[5] = Double.NaN;
        Cholesky.invert(a, 3, 1);
        double[] b = A3.clone();
        Cholesky.invert(b, 3, 1);
        assertArrayEquals(b, a, 0);
    }

    @Test
    void randomSpdTimesInverseIsIdentityAcrossBlockBoundaries() {
        // 333 spans three panels (128, 128, 77) and partial column and depth tiles.
        int n = 333;
        double[] a = randomSpd(n, 42);
        double[] inv = a.clone();
        Cholesky.invert(inv, n, 3);
        double maxErr = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * inv[k * n + j];
                }
                maxErr = Math.max(maxErr, Math.abs(s - (i == j ? 1 : 0)));
            }
        }
        assertTrue(maxErr < 1e-10, "max |A A⁻¹ - I| = " + maxErr);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(inv[i * n + j], inv[j * n + i], 0.0, "symmetric at " + i + "," + j);
            }
        }
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        int n = 300;
        double[] a = randomSpd(n, 7);
        double[] one = a.clone();
        double[] four = a.clone();
        Cholesky.invert(one, n, 1);
        Cholesky.invert(four, n, 4);
        assertArrayEquals(one, four, 0.0);
    }

    @Test
    void rejectsIndefiniteAndBadShapes() {
        double[] a = {1, 2, 2, 1}; // eigenvalues 3 and -1
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Cholesky.invert(a, 2, 1));
        assertTrue(e.getMessage().contains("pivot 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cholesky.invert(new double[5], 2, 1));
        double[] empty = new double[0];
        Cholesky.invert(empty, 0, 2);
        double[] one = {4};
        Cholesky.invert(one, 1, 1);
        assertEquals(0.25, one[0], 1e-15);
    }

    /** MᵀM + n I with M uniform in [-1, 1). */
    static double[] randomSpd(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble(-1, 1);
        }
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                double mki = m[k * n + i];
                for (int j = 0; j < n; j++) {
                    a[i * n + j] += mki * m[k * n + j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += n;
        }
        return a;
    }
}
