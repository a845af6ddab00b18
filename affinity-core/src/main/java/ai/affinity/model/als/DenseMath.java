package ai.affinity.model.als;

/**
 * The small dense kernels of iALS on primitive arrays: dot products, Gram matrices, Cholesky
 * solves of {@code f x f} systems, and a warm-started conjugate-gradient solve of one row's
 * implicit-feedback normal equations. Matrices are row-major in one array. Stateless; callers own
 * every scratch array, so these are safe to use from many threads.
 */
final class DenseMath {
    private DenseMath() {
    }

    /** {@code a[ao..ao+n) . b[bo..bo+n)}; four accumulators because the JIT does not reorder float sums. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < n; k++) {
            s0 += a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code y[yo..yo+n) += a * x[xo..xo+n)}. */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        for (int k = 0; k < n; k++) {
            y[yo + k] += a * x[xo + k];
        }
    }

    /**
     * Adds {@code F[from..to)ᵀ F[from..to)} (rows of {@code f} floats) to the upper triangle of the
     * {@code f x f} double matrix {@code gram}; {@code row} is scratch of length {@code f}.
     */
    static void addGram(float[] factors, int from, int to, int f, double[] gram, double[] row) {
        for (int r = from; r < to; r++) {
            int off = r * f;
            for (int k = 0; k < f; k++) {
                row[k] = factors[off + k];
            }
            for (int a = 0; a < f; a++) {
                double va = row[a];
                if (va == 0) {
                    continue;
                }
                int base = a * f;
                for (int b = a; b < f; b++) {
                    gram[base + b] += va * row[b];
                }
            }
        }
    }

    /** Copies the upper triangle of a row-major {@code f x f} matrix to its lower triangle. */
    static void symmetrize(double[] m, int f) {
        for (int a = 0; a < f; a++) {
            for (int b = a + 1; b < f; b++) {
                m[b * f + a] = m[a * f + b];
            }
        }
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

    /**
     * Conjugate gradient for the implicit-feedback normal equations of one row (Takács, Pilászy and
     * Tikk, 2011): solves {@code (G + λI + Σ_j (c_j - 1) y_j y_jᵀ) x = Σ_j c_j y_j} where {@code G =
     * YᵀY} is precomputed and {@code j} runs over the row's non-zeros, so each step costs
     * {@code O(f² + nnz·f)} instead of touching every column. Warm-started from {@code x}, which is
     * updated in place; at most {@code steps} steps, fewer once the residual vanishes. In exact
     * arithmetic every step lowers the row's quadratic objective.
     *
     * @param gram  {@code YᵀY}, full symmetric row-major {@code f x f}
     * @param y     the fixed side's factors, rows of {@code f}
     * @param cols  the row's non-zero columns at {@code [from, to)}
     * @param conf  their confidences {@code c_j} at the same positions
     * @param x     the row's factors at offset {@code xo}
     * @param r     scratch of length {@code f} (residual)
     * @param p     scratch of length {@code f} (search direction)
     * @param ap    scratch of length {@code f} (A p)
     */
    static void conjugateGradient(float[] gram, float lambda, float[] y, int[] cols, float[] conf, int from, int to,
                                  int f, float[] x, int xo, int steps, float[] r, float[] p, float[] ap) {
        // r = b - A x = -(G + λI) x + Σ_j (c_j - (c_j - 1) y_j·x) y_j
        multiplyGram(gram, lambda, x, xo, f, r);
        for (int k = 0; k < f; k++) {
            r[k] = -r[k];
        }
        for (int e = from; e < to; e++) {
            int yo = cols[e] * f;
            float c = conf[e];
            float d = dot(y, yo, x, xo, f);
            axpy(c - (c - 1f) * d, y, yo, r, 0, f);
        }
        System.arraycopy(r, 0, p, 0, f);
        float rs = dot(r, 0, r, 0, f);
        for (int step = 0; step < steps; step++) {
            if (rs < 1e-20f) {
                break;
            }
            multiplyGram(gram, lambda, p, 0, f, ap);
            for (int e = from; e < to; e++) {
                int yo = cols[e] * f;
                float d = dot(y, yo, p, 0, f);
                axpy((conf[e] - 1f) * d, y, yo, ap, 0, f);
            }
            float pap = dot(p, 0, ap, 0, f);
            if (!(pap > 0)) {
                break;
            }
            float a = rs / pap;
            axpy(a, p, 0, x, xo, f);
            axpy(-a, ap, 0, r, 0, f);
            float rsNew = dot(r, 0, r, 0, f);
            float beta = rsNew / rs;
            for (int k = 0; k < f; k++) {
                p[k] = r[k] + beta * p[k];
            }
            rs = rsNew;
        }
    }

    /** {@code out = (G + λI) v[vo..vo+f)}, column by column so the inner loop is an axpy. */
    static void multiplyGram(float[] gram, float lambda, float[] v, int vo, int f, float[] out) {
        for (int k = 0; k < f; k++) {
            out[k] = lambda * v[vo + k];
        }
        for (int k = 0; k < f; k++) {
            float vk = v[vo + k];
            if (vk != 0) {
                axpy(vk, gram, k * f, out, 0, f);
            }
        }
    }
}
