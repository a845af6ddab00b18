package ai.affinity.deep.seq;

import ai.affinity.deep.train.Scalars;
import ai.djl.ndarray.NDArray;

/**
 * SASRec's training losses on sampled logits, averaged over the positions that have a target.
 * With {@code s+} the positive logit and {@code s-} the negatives' logits at one position:
 * <ul>
 *   <li>{@code bce} / {@code gbce}: {@code -(beta · log σ(s+) + Σ log(1 − σ(s-)))}, beta = 1 for bce
 *       (Kang and McAuley 2018) and gSASRec's calibrated exponent for gbce (Petrov and Macdonald 2023);</li>
 *   <li>{@code softmax}: {@code −log softmax([s+, s-...])[0]} (sampled softmax cross-entropy).</li>
 * </ul>
 * Computed with softplus ({@code log σ(x) = −softplus(−x)}, {@code log(1 − σ(x)) = −softplus(x)}),
 * stable for logits of any size.
 */
final class SasRecLoss {
    private SasRecLoss() {
    }

    /**
     * @param posLogits (B, L)
     * @param negLogits (B, L, N)
     * @param mask      (B, L), 1 where the position has a target
     * @param softmax   sampled softmax instead of (g)BCE
     * @param beta      exponent of the positive term for (g)BCE
     * @return the mean loss per target position (a scalar)
     */
    static NDArray compute(NDArray posLogits, NDArray negLogits, NDArray mask, boolean softmax, double beta) {
        NDArray perPosition;
        if (softmax) {
            NDArray all = posLogits.expandDims(2).concat(negLogits, 2);
            perPosition = all.logSoftmax(2).get(":, :, 0").neg();
        } else {
            NDArray posTerm = Scalars.mul(softplus(posLogits.neg()), (float) beta);
            perPosition = posTerm.add(softplus(negLogits).sum(new int[] {2}));
        }
        NDArray total = perPosition.mul(mask).sum();
        return total.div(Scalars.maximum(mask.sum(), 1f));
    }

    /** softplus(x) = max(x, 0) + log(1 + exp(−|x|)). */
    static NDArray softplus(NDArray x) {
        return Scalars.maximum(x, 0f).add(x.abs().neg().exp().add(1f).log());
    }
}
