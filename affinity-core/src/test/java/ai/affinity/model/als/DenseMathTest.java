package ai.affinity.model.als;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseMathTest {
    @Test
    void choleskySolvesATwoByTwoSystemByHand() {
        // A = [[4, 2], [2, 3]], b = (2, 1): A⁻¹ = (1/8)[[3, -2], [-2, 4]], so x = (0.5, 0).
        double[] a = {4, 2, 2, 3};
        double[] b = {2, 1};
        DenseMath.choleskySolve(a, b, 2);
        assertArrayEquals(new double[] {0.5, 0}, b, 1e-12);
        // The factor: U = [[2, 1], [0, sqrt(2)]] in the upper triangle.
        assertEquals(2, a[0], 1e-12);
        assertEquals(1, a[1], 1e-12);
        assertEquals(Math.sqrt(2), a[3], 1e-12);
    }

    @Test
    void conjugateGradientByHand() {
        // G = [[2, 1], [1, 2]], λ = 1, one event y = (1, 0) with c = 2:
        // A = G + λI + (c-1) y yᵀ = [[4, 1], [1, 3]], b = c y = (2, 0), x* = (6/11, -2/11).
        float[][] gram = {{2, 1}, {1, 2}};
        float[][] y = {{1, 0}};
        int[] cols = {0};
        float[] conf = {2};
        float[] x = new float[2];
        DenseMath.CgScratch s = new DenseMath.CgScratch(2);
        // One step from 0: r = b = (2, 0), A r = (8, 2), step = (r·r)/(r·Ar) = 4/16, x = (0.5, 0).
        DenseMath.conjugateGradient(gram, 1f, y, cols, conf, 0, 1, x, 1, s);
        assertArrayEquals(new float[] {0.5f, 0f}, x, 1e-6f);
        // A warm restart from there: r = b - A x = (0, -0.5), A r = (-0.5, -1.5), step = 0.25/0.75.
        DenseMath.conjugateGradient(gram, 1f, y, cols, conf, 0, 1, x, 1, s);
        assertArrayEquals(new float[] {0.5f, -1f / 6}, x, 1e-6f);
        // Two steps in one call are exact: CG solves an f x f system in f steps.
        float[] x2 = new float[2];
        DenseMath.conjugateGradient(gram, 1f, y, cols, conf, 0, 1, x2, 2, s);
        assertArrayEquals(new float[] {6f / 11, -2f / 11}, x2, 1e-6f);
    }

    @Test
    void conjugateGradientMatchesCholeskyOnARandomSystem() {
        long seed = 2024;
        SplittableRandom rng = new SplittableRandom(seed);
        int f = 16;
        int numItems = 60;
        float[][] y = new float[numItems][f];
        for (float[] row : y) {
            for (int k = 0; k < f; k++) {
                row[k] = (float) (rng.nextGaussian() * 0.3);
            }
        }
        double[][] g2 = new double[f][f];
        DenseMath.addGram(y, 0, numItems, g2, new double[f]);
        DenseMath.symmetrize(g2);
        double[] g = DenseMath.flatten(g2);
        float[][] gf = new float[f][f];
        for (int a = 0; a < f; a++) {
            for (int b = 0; b < f; b++) {
                gf[a][b] = (float) g2[a][b];
            }
        }
        int[] cols = {3, 7, 11, 19, 23, 42, 59};
        float[] conf = new float[cols.length];
        for (int e = 0; e < cols.length; e++) {
            conf[e] = (float) (1 + 10 * rng.nextDouble());
        }
        double lambda = 0.5;
        double[] a = new double[f * f];
        double[] exact = new double[f];
        IalsModel.exactSolve(g, lambda, y, cols, conf, 0, cols.length, f, a, exact);

        // Exact solution satisfies the normal equations (checked against a direct product).
        double[] residual = new double[f];
        for (int i = 0; i < f; i++) {
            double s = lambda * exact[i];
            for (int j = 0; j < f; j++) {
                s += g[i * f + j] * exact[j];
            }
            residual[i] = s;
        }
        for (int e = 0; e < cols.length; e++) {
            double d = 0;
            for (int k = 0; k < f; k++) {
                d += y[cols[e]][k] * exact[k];
            }
            for (int i = 0; i < f; i++) {
                residual[i] += (conf[e] - 1) * d * y[cols[e]][i] - conf[e] * y[cols[e]][i];
            }
        }
        for (double v : residual) {
            assertEquals(0, v, 1e-6, "seed " + seed);
        }

        // CG with f steps from 0 reaches it up to float rounding.
        float[] x = new float[f];
        DenseMath.CgScratch s = new DenseMath.CgScratch(f);
        DenseMath.conjugateGradient(gf, (float) lambda, y, cols, conf, 0, cols.length, x, f, s);
        double norm = norm(exact);
        assertTrue(distance(x, exact) < 1e-3 * norm, "seed " + seed + ": CG far from Cholesky");

        // Three warm-started steps from a perturbed point get much closer than where they started.
        float[] warm = new float[f];
        for (int k = 0; k < f; k++) {
            warm[k] = (float) (exact[k] + 0.1 * rng.nextGaussian() * norm / Math.sqrt(f));
        }
        double before = distance(warm, exact);
        DenseMath.conjugateGradient(gf, (float) lambda, y, cols, conf, 0, cols.length, warm, 3, s);
        assertTrue(distance(warm, exact) < 0.5 * before, "seed " + seed + ": 3 CG steps did not halve the error");
    }

    @Test
    void dotAndGramMatchNaiveSums() {
        float[] a = {1, 2, 3, 4, 5, 6, 7};
        float[] b = {7, 6, 5, 4, 3, 2, 1};
        assertEquals(7 + 12 + 15 + 16 + 15 + 12 + 7, ai.affinity.math.Vectors.dot(a, 0, b, 0, 7), 0);
        // Two rows (1, 2) and (3, 4): FᵀF = [[10, 14], [14, 20]].
        double[][] g = new double[2][2];
        DenseMath.addGram(new float[][] {{1, 2}, {3, 4}}, 0, 2, g, new double[2]);
        DenseMath.symmetrize(g);
        assertArrayEquals(new double[] {10, 14, 14, 20}, DenseMath.flatten(g), 0);
        float[] acc = {1, 1, 1};
        ai.affinity.math.Vectors.axpy(2, new float[] {1, 2, 3}, acc, 3);
        assertArrayEquals(new float[] {3, 5, 7}, acc, 0);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double distance(float[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += (x[k] - y[k]) * (x[k] - y[k]);
        }
        return Math.sqrt(s);
    }
}
