package ai.affinity.deep.content.audio;

/**
 * In-place iterative radix-2 Cooley-Tukey FFT on separate real and imaginary arrays. Power-of-two
 * sizes only. No library: none of the well-kept JVM FFTs (JTransforms) is served to this build, and
 * spectrogram sizes here are small (256-1024), so clarity beats speed. Tested against the direct
 * DFT. The twiddle table is precomputed per instance; instances are immutable and thread-safe.
 */
public final class Fft {
    private final int n;
    private final double[] cos;
    private final double[] sin;

    public Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 2, got " + n);
        }
        this.n = n;
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            cos[i] = Math.cos(-2 * Math.PI * i / n);
            sin[i] = Math.sin(-2 * Math.PI * i / n);
        }
    }

    public int size() {
        return n;
    }

    /** Forward transform {@code X[k] = sum_t x[t] e^{-2 pi i k t / n}}, in place. */
    public void transform(double[] re, double[] im) {
        if (re.length != n || im.length != n) {
            throw new IllegalArgumentException("arrays of length " + re.length + "/" + im.length + ", FFT size " + n);
        }
        // Bit-reversal permutation.
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int s = 0; s < n; s += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = s + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
