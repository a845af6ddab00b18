package ai.affinity.model.als;

import ai.affinity.math.Vectors;

import java.util.Arrays;

/**
 * The small dense kernels of iALS on primitive arrays: dot products, Gram matrices, Cholesky
 * solves of {@code f x f} systems, and a warm-started conjugate-gradient solve of one row's
 * implicit-feedback normal equations. Square matrices are arrays of rows (or row-major in one
 * array where noted). Stateless; callers own every scratch array, so these are safe to use from many
 * threads.
 *
 * <p>Why the shapes: C2 in JDK 17 vectorises {@code y[k] += a * x[k]} only when both arrays are
 * indexed alike (it cannot rule out that {@code x} and {@code y} alias at different offsets), and
 * never vectorises a float sum. So factor rows are separate arrays indexed from 0, and dot products
 * over many rows are turned into axpy passes over gathered columns.
 */
final class DenseMath {
    private DenseMath() {
    }

    /**
     * Adds {@code Σ_r F[r] F[r]ᵀ} over rows {@code [from, to)} to the upper triangle of {@code gram}
     * ({@code f} rows of {@code f} doubles); {@code row} is scratch of length {@code f}.
     */
    static void addGram(float[][] factors, int from, int to, double[][] gram, double[] row) {
        int f = row.length;
        for (int r = from; r < to; r++) {
            float[] v = factors[r];
            for (int k = 0; k < f; k++) {
                row[k] = v[k];
            }
            for (int a = 0; a < f; a++) {
                double va = row[a];
                if (va == 0) {
                    continue;
                }
                double[] g = gram[a];
                for (int b = a; b < f; b++) {
                    g[b] += va * row[b];
                }
            }
        }
    }

    /** Copies the upper triangle of a square matrix (an array of rows) to its lower triangle. */
    static void symmetrize(double[][] m) {
        for (int a = 0; a < m.length; a++) {
            for (int b = a + 1; b < m.length; b++) {
                m[b][a] = m[a][b];
            }
        }
    }

    /** Row-major copy of a square matrix given as rows. */
    static double[] flatten(double[][] m) {
        int f = m.length;
        double[] out = new double[f * f];
        for (int a = 0; a < f; a++) {
            System.arraycopy(m[a], 0, out, a * f, f);
        }
        return out;
    }

    /**
     * Solves {@code A x = b} for a symmetric positive definite {@code A} (row-major {@code f x f},
     * only its upper triangle is read) by Cholesky; {@code A} is overwritten by the factor and
     * {@code b} by the solution. A pivot that is not positive (A singular or not SPD in floating
     * point) is clamped to a tiny positive value so the solve still returns a finite answer.
     */
    static void choleskySolve(double[] a, double[] b, int f) {
        // In-place factor A = Lᵀ L stored in the upper triangle (row a holds column a of L).
        for (int j = 0; j < f; j++) {
            int jj = j * f + j;
            double d = a[jj];
            for (int k = 0; k < j; k++) {
                double l = a[k * f + j];
                d -= l * l;
            }
            double scale = Math.abs(a[jj]) + 1e-300;
            d = d > 1e-12 * scale ? Math.sqrt(d) : Math.sqrt(1e-12 * scale);
            a[jj] = d;
            for (int i = j + 1; i < f; i++) {
                double s = a[j * f + i];
                for (int k = 0; k < j; k++) {
                    s -= a[k * f + j] * a[k * f + i];
                }
                a[j * f + i] = s / d;
            }
        }
        // Forward: Uᵀ z = b, with U the upper factor (A = Uᵀ U).
        for (int i = 0; i < f; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[k * f + i] * b[k];
            }
            b[i] = s / a[i * f + i];
        }
        // Backward: U x = z.
        for (int i = f - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < f; k++) {
                s -= a[i * f + k] * b[k];
            }
            b[i] = s / a[i * f + i];
        }
    }

    /** Per-thread scratch of {@link #conjugateGradient}; grows with the longest row seen. */
    static final class CgScratch {
        final float[] r;
        final float[] p;
        final float[] ap;
        float[] d = new float[64];
        float[][] columns;

        CgScratch(int f) {
            r = new float[f];
            p = new float[f];
            ap = new float[f];
            columns = new float[f][64];
        }

        void ensure(int n) {
            if (d.length < n) {
                int cap = Math.max(n, d.length * 2);
                d = new float[cap];
                for (int k = 0; k < columns.length; k++) {
                    columns[k] = new float[cap];
                }
            }
        }
    }

    /**
     * Conjugate gradient for the implicit-feedback normal equations of one row (Takács, Pilászy and
     * Tikk, 2011): solves {@code (G + λI + Σ_j (c_j - 1) y_j y_jᵀ) x = Σ_j c_j y_j} where {@code G =
     * YᵀY} is precomputed and {@code j} runs over the row's non-zeros, so each step costs
     * {@code O(f² + nnz·f)} instead of touching every column. Warm-started from {@code x}, which is
     * updated in place; at most {@code steps} steps, fewer once the residual vanishes. In exact
     * arithmetic every step lowers the row's quadratic objective.
     *
     * <p>Layout, for speed on the JIT: the row's {@code y_j} are first gathered column by column
     * ({@code columns[k][j] = y_j[k]}), so the products {@code y_j·v} for all {@code j} at once are
     * {@code f} loops of the form {@code d[j] += v[k] * columns[k][j]}, which C2 vectorises (a dot
     * product per {@code j} would be a float reduction, which it does not).
     *
     * @param gram  rows of {@code YᵀY} ({@code f x f}, symmetric)
     * @param y     the fixed side's factor rows
     * @param cols  the row's non-zero columns at {@code [from, to)}
     * @param conf  their confidences {@code c_j} at the same positions
     * @param x     the row's factors (length {@code f}), updated in place
     */
    static void conjugateGradient(float[][] gram, float lambda, float[][] y, int[] cols, float[] conf, int from,
                                  int to, float[] x, int steps, CgScratch s) {
        int f = x.length;
        int n = to - from;
        s.ensure(n);
        float[] r = s.r;
        float[] p = s.p;
        float[] ap = s.ap;
        float[] d = s.d;
        float[][] columns = s.columns;
        gatherColumns(y, cols, from, n, columns, f);
        // r = b - A x = -(G + λI) x + Σ_j (c_j - (c_j - 1) y_j·x) y_j
        multiplyGram(gram, lambda, x, r);
        for (int k = 0; k < f; k++) {
            r[k] = -r[k];
        }
        products(columns, x, d, n);
        for (int j = 0; j < n; j++) {
            float c = conf[from + j];
            Vectors.axpy(c - (c - 1f) * d[j], y[cols[from + j]], r, f);
        }
        System.arraycopy(r, 0, p, 0, f);
        float rs = Vectors.dot(r, 0, r, 0, f);
        for (int step = 0; step < steps; step++) {
            if (rs < 1e-20f) {
                break;
            }
            multiplyGram(gram, lambda, p, ap);
            products(columns, p, d, n);
            for (int j = 0; j < n; j++) {
                Vectors.axpy((conf[from + j] - 1f) * d[j], y[cols[from + j]], ap, f);
            }
            float pap = Vectors.dot(p, 0, ap, 0, f);
            if (!(pap > 0)) {
                break;
            }
            float a = rs / pap;
            Vectors.axpy(a, p, x, f);
            Vectors.axpy(-a, ap, r, f);
            float rsNew = Vectors.dot(r, 0, r, 0, f);
            float beta = rsNew / rs;
            for (int k = 0; k < f; k++) {
                p[k] = r[k] + beta * p[k];
            }
            rs = rsNew;
        }
    }

    /**
     * {@code columns[k][j] = y[cols[from + j]][k]}: eight rows at a time, so each column array is
     * loaded and bounds-checked once per eight stores (about twice as fast as one row at a time).
     */
    private static void gatherColumns(float[][] y, int[] cols, int from, int n, float[][] columns, int f) {
        int j = 0;
        for (; j + 7 < n; j += 8) {
            float[] y0 = y[cols[from + j]];
            float[] y1 = y[cols[from + j + 1]];
            float[] y2 = y[cols[from + j + 2]];
            float[] y3 = y[cols[from + j + 3]];
            float[] y4 = y[cols[from + j + 4]];
            float[] y5 = y[cols[from + j + 5]];
            float[] y6 = y[cols[from + j + 6]];
            float[] y7 = y[cols[from + j + 7]];
            for (int k = 0; k < f; k++) {
                float[] c = columns[k];
                c[j] = y0[k];
                c[j + 1] = y1[k];
                c[j + 2] = y2[k];
                c[j + 3] = y3[k];
                c[j + 4] = y4[k];
                c[j + 5] = y5[k];
                c[j + 6] = y6[k];
                c[j + 7] = y7[k];
            }
        }
        for (; j < n; j++) {
            float[] yj = y[cols[from + j]];
            for (int k = 0; k < f; k++) {
                columns[k][j] = yj[k];
            }
        }
    }

    /** {@code d[j] = Σ_k columns[k][j] v[k]} for {@code j < n}, as {@code f} vectorisable passes. */
    private static void products(float[][] columns, float[] v, float[] d, int n) {
        Arrays.fill(d, 0, n, 0f);
        for (int k = 0; k < v.length; k++) {
            float vk = v[k];
            float[] col = columns[k];
            for (int j = 0; j < n; j++) {
                d[j] += vk * col[j];
            }
        }
    }

    /** {@code out = (G + λI) v}, row by row of the symmetric G so the inner loop is an axpy. */
    static void multiplyGram(float[][] gram, float lambda, float[] v, float[] out) {
        int f = v.length;
        for (int k = 0; k < f; k++) {
            out[k] = lambda * v[k];
        }
        for (int k = 0; k < f; k++) {
            float vk = v[k];
            if (vk != 0) {
                Vectors.axpy(vk, gram[k], out, f);
            }
        }
    }
}
