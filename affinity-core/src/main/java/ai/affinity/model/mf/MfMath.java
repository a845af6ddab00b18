package ai.affinity.model.mf;

import ai.affinity.math.Vectors;

/**
 * Small vector kernels over row-major float matrices, shared by the matrix-factorisation code of
 * this package. Rows are addressed by offset ({@code row * k}); no bounds beyond the JVM's own.
 */
final class MfMath {
    private MfMath() {
    }

    /** {@code a[ao ..) · (v[io ..) − v[jo ..))} over {@code k} entries, in four lanes like {@link #dot}. */
    static float dotDiff(float[] a, int ao, float[] v, int io, int jo, int k) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int f = 0;
        for (; f + 3 < k; f += 4) {
            s0 += a[ao + f] * (v[io + f] - v[jo + f]);
            s1 += a[ao + f + 1] * (v[io + f + 1] - v[jo + f + 1]);
            s2 += a[ao + f + 2] * (v[io + f + 2] - v[jo + f + 2]);
            s3 += a[ao + f + 3] * (v[io + f + 3] - v[jo + f + 3]);
        }
        for (; f < k; f++) {
            s0 += a[ao + f] * (v[io + f] - v[jo + f]);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Logistic function {@code 1 / (1 + e^-x)}, computed in double and rounded to float. */
    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /**
     * Scores every item for one user vector: {@code out[i] = bias[i] + u · V[i]}.
     *
     * @param u   the user vector at {@code u[uo .. uo+k)}
     * @param v   item factors, row-major {@code numItems × k}
     */
    static void scoreAll(float[] u, int uo, float[] v, float[] bias, int k, float[] out) {
        int n = bias.length;
        for (int i = 0; i < n; i++) {
            out[i] = bias[i] + Vectors.dot(u, uo, v, i * k, k);
        }
    }
}
