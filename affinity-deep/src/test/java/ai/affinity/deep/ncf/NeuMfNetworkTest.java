package ai.affinity.deep.ncf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The NeuMF forward pass and BCE loss against a plain-Java reference of the paper's equations, and
 * DJL autograd against central finite differences, in float64 on a tiny network (3 users, 4 items,
 * 2 GMF factors, MLP 4-3-2), including a pair repeated in the batch and logits large enough that a
 * naive log(σ) would lose precision.
 */
class NeuMfNetworkTest {
    private static final int U = 3;
    private static final int N = 4;
    private static final int F = 2;
    private static final int[] LAYERS = {4, 3, 2};
    private static final int D = 2;
    /** pg, qg, hg, pm, qm, w0, b0, w1, b1, hm, bias. */
    private static final long[][] SHAPES = {{U, F}, {N, F}, {F, 1}, {U, D}, {N, D}, {4, 3}, {3}, {3, 2}, {2}, {2, 1}, {1}};
    private static final long[] USERS = {0, 1, 2, 1, 0, 0};
    private static final long[] ITEMS = {1, 3, 0, 2, 1, 2};
    private static final double[] LABELS = {1, 0, 1, 0, 1, 0};

    private final double[][] w = new double[SHAPES.length][];

    NeuMfNetworkTest() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < SHAPES.length; i++) {
            int n = (int) (SHAPES[i].length == 2 ? SHAPES[i][0] * SHAPES[i][1] : SHAPES[i][0]);
            w[i] = new double[n];
            for (int j = 0; j < n; j++) {
                w[i][j] = 0.8 * r.nextGaussian();
            }
        }
        w[10][0] = 2.5; // a large bias pushes some logits far from 0
    }

    private NDArray[] arrays(NDManager m, double[][] values) {
        NDArray[] a = new NDArray[SHAPES.length];
        for (int i = 0; i < SHAPES.length; i++) {
            a[i] = m.create(values[i], new Shape(SHAPES[i]));
        }
        return a;
    }

    private static NDArray lossOf(NDManager m, NDArray[] a) {
        NeuMfNetwork.Arrays net = new NeuMfNetwork.Arrays(a[0], a[1], a[2], a[3], a[4], new NDArray[] {a[5], a[7]},
                new NDArray[] {a[6], a[8]}, a[9], a[10]);
        NDArray logits = NeuMfNetwork.logits(m.create(USERS), m.create(ITEMS), net);
        return NeuMfNetwork.bceLoss(logits, m.create(LABELS));
    }

    /** The paper's equations in doubles: GMF ⊙, MLP with ReLU, fused linear layer, sigmoid, log loss. */
    private double referenceLoss() {
        double total = 0;
        for (int r = 0; r < USERS.length; r++) {
            int u = (int) USERS[r];
            int i = (int) ITEMS[r];
            double s = w[10][0];
            for (int k = 0; k < F; k++) {
                s += w[0][u * F + k] * w[1][i * F + k] * w[2][k];
            }
            double[] z = new double[LAYERS[0]];
            for (int k = 0; k < D; k++) {
                z[k] = w[3][u * D + k];
                z[D + k] = w[4][i * D + k];
            }
            for (int l = 0; l < 2; l++) {
                double[] wl = w[5 + 2 * l];
                double[] bl = w[6 + 2 * l];
                int out = LAYERS[l + 1];
                double[] next = new double[out];
                for (int k = 0; k < out; k++) {
                    double v = bl[k];
                    for (int j = 0; j < z.length; j++) {
                        v += z[j] * wl[j * out + k];
                    }
                    next[k] = Math.max(0, v);
                }
                z = next;
            }
            for (int k = 0; k < z.length; k++) {
                s += z[k] * w[9][k];
            }
            double p = 1 / (1 + Math.exp(-s));
            total += -(LABELS[r] * Math.log(p) + (1 - LABELS[r]) * Math.log(1 - p));
        }
        return total / USERS.length;
    }

    @Test
    void lossMatchesThePapersFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(referenceLoss(), lossOf(m, arrays(m, w)).toDoubleArray()[0], 1e-10);
        }
    }

    /** softplus(s) − y·s stays exact where 1 − σ(s) underflows in float. */
    @Test
    void lossIsStableForLargeLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {40f, -40f, 0f});
            NDArray labels = m.create(new float[] {0f, 1f, 1f});
            double loss = NeuMfNetwork.bceLoss(logits, labels).toFloatArray()[0];
            assertEquals((40 + 40 + Math.log(2)) / 3, loss, 1e-5);
        }
    }

    @Test
    void autogradMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] a = arrays(m, w);
            for (NDArray x : a) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(lossOf(m, a));
            }
            double h = 1e-6;
            int checked = 0;
            for (int p = 0; p < SHAPES.length; p++) {
                double[] grad = a[p].getGradient().toDoubleArray();
                for (int j = 0; j < w[p].length; j++) {
                    double saved = w[p][j];
                    w[p][j] = saved + h;
                    double up = lossOf(m, arrays(m, w)).toDoubleArray()[0];
                    w[p][j] = saved - h;
                    double down = lossOf(m, arrays(m, w)).toDoubleArray()[0];
                    w[p][j] = saved;
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grad[j], 1e-7 + 1e-5 * Math.abs(numeric), "parameter " + p + " entry " + j);
                    checked++;
                }
            }
            assertEquals(U * F + N * F + F + U * D + N * D + 12 + 3 + 6 + 2 + 2 + 1, checked);
        }
    }
}
