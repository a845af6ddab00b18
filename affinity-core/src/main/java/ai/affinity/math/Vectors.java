package ai.affinity.math;

/**
 * Float vector kernels shared by the factor models. Written in the shapes the JDK 17 JIT handles
 * well: four accumulators for sums (it does not reorder float additions) and index-0 loops for axpy.
 */
public final class Vectors {
    private Vectors() {
    }

    /**
     * {@code a[ao..ao+n) · b[bo..bo+n)}, summed in four lanes in a fixed order, so results are
     * deterministic and identical wherever this is used.
     */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
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

    /** {@code y[0..n) += a * x[0..n)}: both from index 0, the form C2 (JDK 17) vectorises. */
    public static void axpy(float a, float[] x, float[] y, int n) {
        for (int k = 0; k < n; k++) {
            y[k] += a * x[k];
        }
    }
}
