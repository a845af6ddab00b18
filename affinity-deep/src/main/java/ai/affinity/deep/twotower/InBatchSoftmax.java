package ai.affinity.deep.twotower;

import ai.affinity.deep.train.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * In-batch sampled softmax with logQ correction (Yi et al., RecSys 2019, eq. 3): for a batch of B
 * users {@code u_j} and the batch's C distinct positive items {@code v_k} (the other examples'
 * positives are each example's negatives), the corrected logit is
 * {@code s(j, k) = ⟨u_j, v_k⟩ / τ − log q_k}, where {@code q_k} is the probability that item k is
 * drawn as a positive (its share of training events), and the loss is the mean cross-entropy
 * {@code −(1/B) Σ_j [s(j, y_j) − log Σ_k e^{s(j, k)}]}. Items repeated within a batch are one
 * column, so an example never counts its own positive (drawn for another user) as a negative.
 * Without the correction ({@code logq = null}) popular items, which appear as negatives more
 * often, are pushed down more than the full softmax would. With an item bias ({@code item_bias})
 * the logit is {@code ⟨u_j, v_k⟩ / τ + b_k − log q_k}.
 */
final class InBatchSoftmax {
    private InBatchSoftmax() {
    }

    /**
     * @param users  B × d user vectors
     * @param items  C × d item vectors
     * @param logq   log q of each of the C items, or null for no correction
     * @param labels column of each example's positive, B entries in [0, C)
     * @param tau    temperature, {@code > 0}
     * @return the scalar mean loss
     */
    static NDArray loss(NDArray users, NDArray items, float[] logq, int[] labels, float tau) {
        return loss(users, items, null, logq, labels, tau);
    }

    /**
     * The loss with a per-item bias added to the logits.
     *
     * @param bias C × 1 item biases b_k (already zero where an item's id is dropped), or null for none
     */
    static NDArray loss(NDArray users, NDArray items, NDArray bias, float[] logq, int[] labels, float tau) {
        return loss(users, items, bias, null, logq, labels, tau);
    }

    /**
     * The loss with a per-item bias and a per-(example, item) bias added to the logits:
     * {@code s(j, k) = ⟨u_j, v_k⟩ / τ + b_k + a_{jk} − log q_k} ({@code segment_bias}: {@code a_{jk}} is the
     * sum of the segment biases of user j's attribute values for item k).
     *
     * @param pairBias B × C additive logits {@code a_{jk}}, or null for none
     */
    static NDArray loss(NDArray users, NDArray items, NDArray bias, NDArray pairBias, float[] logq, int[] labels,
                        float tau) {
        NDManager m = users.getManager();
        int b = labels.length;
        long c = items.getShape().get(0);
        NDArray logits = Scalars.div(users.matMul(items.transpose()), tau);
        if (bias != null) {
            logits = logits.add(bias.reshape(1, c));
        }
        if (pairBias != null) {
            logits = logits.add(pairBias);
        }
        if (logq != null) {
            logits = logits.sub(m.create(logq, new Shape(1, c)));
        }
        float[] oneHot = new float[(int) (b * c)];
        for (int j = 0; j < b; j++) {
            oneHot[(int) (j * c + labels[j])] = 1f;
        }
        return Scalars.div(logits.logSoftmax(1).mul(m.create(oneHot, new Shape(b, c))).sum(), -b);
    }

    /** The same loss in double precision in Java (reference for the gradient check). */
    static double reference(double[] users, double[] items, int d, double[] logq, int[] labels, double tau) {
        return reference(users, items, d, null, logq, labels, tau);
    }

    /** {@link #reference} with item biases ({@code bias} null for none). */
    static double reference(double[] users, double[] items, int d, double[] bias, double[] logq, int[] labels,
                            double tau) {
        return reference(users, items, d, bias, null, logq, labels, tau);
    }

    /** {@link #reference} with per-(example, item) biases ({@code pairBias} B × C row-major, null for none). */
    static double reference(double[] users, double[] items, int d, double[] bias, double[] pairBias, double[] logq,
                            int[] labels, double tau) {
        int b = labels.length;
        int c = items.length / d;
        double total = 0;
        double[] s = new double[c];
        for (int j = 0; j < b; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double dot = 0;
                for (int t = 0; t < d; t++) {
                    dot += users[j * d + t] * items[k * d + t];
                }
                s[k] = dot / tau + (bias == null ? 0 : bias[k]) + (pairBias == null ? 0 : pairBias[j * c + k])
                        - (logq == null ? 0 : logq[k]);
                max = Math.max(max, s[k]);
            }
            double z = 0;
            for (int k = 0; k < c; k++) {
                z += Math.exp(s[k] - max);
            }
            total += -(s[labels[j]] - max - Math.log(z));
        }
        return total / b;
    }
}
