package ai.affinity.deep.seq;

import static ai.affinity.deep.seq.SasRecWeights.B1;
import static ai.affinity.deep.seq.SasRecWeights.B2;
import static ai.affinity.deep.seq.SasRecWeights.BK;
import static ai.affinity.deep.seq.SasRecWeights.BO;
import static ai.affinity.deep.seq.SasRecWeights.BQ;
import static ai.affinity.deep.seq.SasRecWeights.BV;
import static ai.affinity.deep.seq.SasRecWeights.LN_A_BETA;
import static ai.affinity.deep.seq.SasRecWeights.LN_A_GAMMA;
import static ai.affinity.deep.seq.SasRecWeights.LN_F_BETA;
import static ai.affinity.deep.seq.SasRecWeights.LN_F_GAMMA;
import static ai.affinity.deep.seq.SasRecWeights.W1;
import static ai.affinity.deep.seq.SasRecWeights.W2;
import static ai.affinity.deep.seq.SasRecWeights.WK;
import static ai.affinity.deep.seq.SasRecWeights.WO;
import static ai.affinity.deep.seq.SasRecWeights.WQ;
import static ai.affinity.deep.seq.SasRecWeights.WV;

/**
 * The SASRec forward pass in pure Java (inference: no dropout), equal to {@link SasRecNetwork}'s
 * up to float rounding. Only the real positions are computed: padding is masked out of attention in
 * the network, so it never influences them.
 *
 * <p>Not thread-safe: one instance per thread (its buffers are reused between calls). Cost per
 * call is {@code O(blocks · n · d · (d + n))} for a history of {@code n <= maxLen} items.
 */
final class SasRecForward {
    private final SasRecWeights w;
    private final int d;
    private final float[] x;
    private final float[] q;
    private final float[] qp;
    private final float[] k;
    private final float[] v;
    private final float[] o;
    private final float[] hidden;
    private final float[] att;

    SasRecForward(SasRecWeights w) {
        this.w = w;
        this.d = w.dim();
        int cells = w.maxLen() * d;
        x = new float[cells];
        q = new float[cells];
        qp = new float[cells];
        k = new float[cells];
        v = new float[cells];
        o = new float[cells];
        hidden = new float[cells];
        att = new float[w.maxLen()];
    }

    /**
     * Hidden states after the final layer norm for every position of {@code items[0..n)} (dense item
     * indexes, oldest first, {@code n <= maxLen}), written row by row into {@code out[0..n·d)}.
     * With {@code lastOnly}, only the last position's row is computed (the last block skips the others).
     */
    void hiddenStates(int[] items, int n, boolean lastOnly, float[] out) {
        if (n < 1 || n > w.maxLen()) {
            throw new IllegalArgumentException("sequence length " + n + " outside [1, " + w.maxLen() + "]");
        }
        float scale = (float) Math.sqrt(d);
        int firstSlot = w.maxLen() - n;
        float[] item = w.item();
        float[] pos = w.pos();
        for (int t = 0; t < n; t++) {
            int er = (items[t] + 1) * d;
            int pr = (firstSlot + t) * d;
            int xr = t * d;
            for (int j = 0; j < d; j++) {
                x[xr + j] = item[er + j] * scale + pos[pr + j];
            }
        }
        int blocks = w.numBlocks();
        for (int b = 0; b < blocks; b++) {
            float[][] p = w.block()[b];
            // Positions whose outputs are needed: all, except in the last block when only the newest counts.
            int from = lastOnly && b == blocks - 1 ? n - 1 : 0;
            for (int t = from; t < n; t++) {
                layerNorm(x, t * d, p[LN_A_GAMMA], p[LN_A_BETA], q, t * d);
            }
            affine(q, from, n, p[WQ], p[BQ], qp);
            // Keys and values read the un-normalised input (as in the reference implementation).
            affine(x, 0, n, p[WK], p[BK], k);
            affine(x, 0, n, p[WV], p[BV], v);
            attend(from, n);
            affine(o, from, n, p[WO], p[BO], hidden);
            for (int t = from; t < n; t++) {
                int r = t * d;
                for (int j = 0; j < d; j++) {
                    x[r + j] = q[r + j] + hidden[r + j];
                }
                layerNorm(x, r, p[LN_F_GAMMA], p[LN_F_BETA], x, r);
            }
            affine(x, from, n, p[W1], p[B1], hidden);
            for (int t = from; t < n; t++) {
                int r = t * d;
                for (int j = 0; j < d; j++) {
                    hidden[r + j] = activate(hidden[r + j]);
                }
            }
            affine(hidden, from, n, p[W2], p[B2], o);
            for (int t = from; t < n; t++) {
                int r = t * d;
                for (int j = 0; j < d; j++) {
                    x[r + j] += o[r + j];
                }
            }
        }
        if (lastOnly) {
            layerNorm(x, (n - 1) * d, w.lastGamma(), w.lastBeta(), out, 0);
        } else {
            for (int t = 0; t < n; t++) {
                layerNorm(x, t * d, w.lastGamma(), w.lastBeta(), out, t * d);
            }
        }
    }

    /** Causal multi-head attention of queries {@code qp[from..n)} over keys/values {@code [0..t]}, into {@code o}. */
    private void attend(int from, int n) {
        int heads = w.heads();
        int dh = d / heads;
        float inv = (float) (1.0 / Math.sqrt(dh));
        for (int t = from; t < n; t++) {
            int qr = t * d;
            for (int h = 0; h < heads; h++) {
                int c = h * dh;
                float max = Float.NEGATIVE_INFINITY;
                for (int s = 0; s <= t; s++) {
                    int kr = s * d + c;
                    float dot = 0f;
                    for (int j = 0; j < dh; j++) {
                        dot += qp[qr + c + j] * k[kr + j];
                    }
                    att[s] = dot * inv;
                    max = Math.max(max, att[s]);
                }
                float sum = 0f;
                for (int s = 0; s <= t; s++) {
                    att[s] = (float) Math.exp(att[s] - max);
                    sum += att[s];
                }
                float norm = 1f / sum;
                for (int j = 0; j < dh; j++) {
                    o[qr + c + j] = 0f;
                }
                for (int s = 0; s <= t; s++) {
                    float a = att[s] * norm;
                    int vr = s * d + c;
                    for (int j = 0; j < dh; j++) {
                        o[qr + c + j] += a * v[vr + j];
                    }
                }
            }
        }
    }

    /** {@code out[t] = in[t] W + b} for rows {@code from..n-1}; W is {@code d × d} row-major (in × out). */
    private void affine(float[] in, int from, int n, float[] wm, float[] bias, float[] out) {
        for (int t = from; t < n; t++) {
            int r = t * d;
            System.arraycopy(bias, 0, out, r, d);
            for (int i = 0; i < d; i++) {
                float xi = in[r + i];
                int wr = i * d;
                // Row-of-W axpy: the inner loop is contiguous in both arrays, so C2 vectorises it.
                for (int j = 0; j < d; j++) {
                    out[r + j] += xi * wm[wr + j];
                }
            }
        }
    }

    private void layerNorm(float[] in, int inOff, float[] gamma, float[] beta, float[] out, int outOff) {
        float mean = 0f;
        for (int j = 0; j < d; j++) {
            mean += in[inOff + j];
        }
        mean /= d;
        float var = 0f;
        for (int j = 0; j < d; j++) {
            float c = in[inOff + j] - mean;
            var += c * c;
        }
        var /= d;
        float inv = (float) (1.0 / Math.sqrt(var + w.epsilon()));
        for (int j = 0; j < d; j++) {
            out[outOff + j] = (in[inOff + j] - mean) * inv * gamma[j] + beta[j];
        }
    }

    private float activate(float z) {
        if (!w.gelu()) {
            return z > 0 ? z : 0f;
        }
        // Exact GELU as PyTorch computes it by default: 0.5 z (1 + erf(z / sqrt 2)).
        return (float) (0.5 * z * (1 + erf(z / Math.sqrt(2))));
    }

    /** erf with fractional error below 1.2e-7 (Numerical Recipes' Chebyshev fit of erfc). */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
