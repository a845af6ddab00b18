package ai.affinity.deep.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Mult-VAE loss (multinomial log-likelihood + β·KL, unweighted and with per-user KL weights) against a plain-Java reference of the
 * formula, and its DJL autograd gradient against central finite differences, in float64 on a
 * tiny network (3 users, 6 items, hidden 4, latent 2).
 */
class MultVaeNetworkTest {
    private static final int B = 3;
    private static final int N = 6;
    private static final int H = 4;
    private static final int L = 2;
    private static final float BETA = 0.3f;
    private static final int[][] SHAPES = {{N, H}, {H}, {H, 2 * L}, {2 * L}, {L, H}, {H}, {H, N}, {N}};

    private final double[][] w = new double[8][];
    private final double[] input = new double[B * N];
    private final double[] target = new double[B * N];
    private final double[] noise = new double[B * L];
    /** Per-user KL weights as {@code kl_scale=items} gives them for 2, 4 and 6 items: |X_u| / mean |X|. */
    private static final double[] KL_WEIGHTS = {0.5, 1.0, 1.5};

    MultVaeNetworkTest() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 8; i++) {
            w[i] = new double[SHAPES[i].length == 2 ? SHAPES[i][0] * SHAPES[i][1] : SHAPES[i][0]];
            for (int j = 0; j < w[i].length; j++) {
                w[i][j] = 0.5 * r.nextGaussian();
            }
        }
        for (int u = 0; u < B; u++) {
            int count = 0;
            for (int i = 0; i < N; i++) {
                if ((u + i) % 2 == 0 || i == u) {
                    target[u * N + i] = 1;
                    count++;
                }
            }
            for (int i = 0; i < N; i++) {
                // Normalised, with one item "dropped" and the rest scaled by 1/keep (keep 0.5).
                input[u * N + i] = target[u * N + i] == 1 && i != u ? 2 / Math.sqrt(count) : 0;
            }
        }
        for (int j = 0; j < noise.length; j++) {
            noise[j] = r.nextGaussian();
        }
    }

    private NDArray lossOf(NDManager m, NDArray[] weights, double[] klWeights) {
        return MultVaeNetwork.loss(m.create(input, new Shape(B, N)), m.create(target, new Shape(B, N)),
                m.create(noise, new Shape(B, L)), weights, BETA, klWeights == null ? null : m.create(klWeights, new Shape(B)));
    }

    private NDArray[] arrays(NDManager m, double[][] values) {
        NDArray[] a = new NDArray[8];
        for (int i = 0; i < 8; i++) {
            long[] s = SHAPES[i].length == 2 ? new long[] {SHAPES[i][0], SHAPES[i][1]} : new long[] {SHAPES[i][0]};
            a[i] = m.create(values[i], new Shape(s));
        }
        return a;
    }

    /** The negative ELBO written out in doubles, straight from the paper's equations; user u's KL times {@code klWeights[u]} (null: 1). */
    private double referenceLoss(double[] klWeights) {
        double total = 0;
        for (int u = 0; u < B; u++) {
            double[] h = new double[H];
            for (int k = 0; k < H; k++) {
                double s = w[1][k];
                for (int i = 0; i < N; i++) {
                    s += input[u * N + i] * w[0][i * H + k];
                }
                h[k] = Math.tanh(s);
            }
            double[] mu = new double[L];
            double[] logVar = new double[L];
            for (int j = 0; j < 2 * L; j++) {
                double s = w[3][j];
                for (int k = 0; k < H; k++) {
                    s += h[k] * w[2][k * 2 * L + j];
                }
                if (j < L) {
                    mu[j] = s;
                } else {
                    logVar[j - L] = s;
                }
            }
            double[] g = new double[H];
            for (int k = 0; k < H; k++) {
                double s = w[5][k];
                for (int j = 0; j < L; j++) {
                    s += (mu[j] + noise[u * L + j] * Math.exp(0.5 * logVar[j])) * w[4][j * H + k];
                }
                g[k] = Math.tanh(s);
            }
            double[] logits = new double[N];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < N; i++) {
                double s = w[7][i];
                for (int k = 0; k < H; k++) {
                    s += g[k] * w[6][k * N + i];
                }
                logits[i] = s;
                max = Math.max(max, s);
            }
            double z = 0;
            for (int i = 0; i < N; i++) {
                z += Math.exp(logits[i] - max);
            }
            double logZ = max + Math.log(z);
            double ll = 0;
            for (int i = 0; i < N; i++) {
                ll += target[u * N + i] * (logits[i] - logZ);
            }
            double kl = 0;
            for (int j = 0; j < L; j++) {
                kl += 0.5 * (Math.exp(logVar[j]) + mu[j] * mu[j] - 1 - logVar[j]);
            }
            total += -ll + BETA * kl * (klWeights == null ? 1 : klWeights[u]);
        }
        return total / B;
    }

    @Test
    void lossMatchesThePapersFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            double djl = lossOf(m, arrays(m, w), null).toDoubleArray()[0];
            assertEquals(referenceLoss(null), djl, 1e-10);
        }
    }

    @Test
    void perUserKlWeightsScaleEachUsersKlTerm() {
        try (NDManager m = NDManager.newBaseManager()) {
            double weighted = lossOf(m, arrays(m, w), KL_WEIGHTS).toDoubleArray()[0];
            assertEquals(referenceLoss(KL_WEIGHTS), weighted, 1e-10);
            // The weights differ from 1 and the KL terms are not zero, so the weighting must show.
            assertTrue(Math.abs(weighted - referenceLoss(null)) > 1e-4, "weighted " + weighted);
        }
    }

    @Test
    void klWeightsAreItemCountsOverTheirMean() {
        var b = ai.affinity.data.Interactions.builder().setDimensions(4, 6);
        for (int i = 0; i < 2; i++) {
            b.add(0, i, 1f, i);
        }
        for (int i = 0; i < 4; i++) {
            b.add(2, i, 1f, i);
        }
        for (int i = 0; i < 6; i++) {
            b.add(3, i, 1f, i);
        }
        // User 1 has no events and is not trained on; the mean is over users 0, 2, 3: (2 + 4 + 6) / 3 = 4.
        float[] weights = MultVae.Batches.klWeights(b.build(), new int[] {0, 2, 3});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.5f, 0f, 1f, 1.5f}, weights, 1e-7f);
    }

    @Test
    void autogradMatchesFiniteDifferences() {
        checkGradient(null);
    }

    @Test
    void autogradMatchesFiniteDifferencesWithKlWeights() {
        checkGradient(KL_WEIGHTS);
    }

    private void checkGradient(double[] klWeights) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] a = arrays(m, w);
            for (NDArray x : a) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(lossOf(m, a, klWeights));
            }
            double h = 1e-6;
            double worst = 0;
            int checked = 0;
            for (int p = 0; p < 8; p++) {
                double[] grad = a[p].getGradient().toDoubleArray();
                for (int j = 0; j < w[p].length; j++) {
                    double saved = w[p][j];
                    w[p][j] = saved + h;
                    double up = lossOf(m, arrays(m, w), klWeights).toDoubleArray()[0];
                    w[p][j] = saved - h;
                    double down = lossOf(m, arrays(m, w), klWeights).toDoubleArray()[0];
                    w[p][j] = saved;
                    double numeric = (up - down) / (2 * h);
                    double err = Math.abs(numeric - grad[j]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(grad[j]));
                    worst = Math.max(worst, err);
                    assertEquals(numeric, grad[j], 1e-6 + 1e-5 * Math.abs(numeric), "parameter " + p + " entry " + j);
                    checked++;
                }
            }
            assertEquals(N * H + H + H * 2 * L + 2 * L + L * H + H + H * N + N, checked);
            assertTrue(worst < 1e-5, "worst relative error " + worst);
        }
    }
}
