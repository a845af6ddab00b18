package ai.affinity.deep.ncf;

import ai.affinity.deep.train.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The NeuMF forward pass and loss on DJL arrays (any floating data type, so the gradient check can
 * run it in float64). For a batch of (user, item) pairs:
 * <pre>
 *   GMF:   φ_g = p_u ⊙ q_i                                   (f)
 *   MLP:   z_0 = [p'_u, q'_i],  z_l = relu(z_{l−1} W_l + b_l)  (o_L)
 *   logit = [φ_g, z_L] · h + bias                             (NeuMF; GMF or MLP alone use their part)
 * </pre>
 * and the loss is the mean binary cross-entropy of the logits against 0/1 labels,
 * {@code mean(softplus(s) − y·s)}, which equals {@code −mean(y log σ(s) + (1 − y) log(1 − σ(s)))}
 * and stays finite for logits of any size.
 */
public final class NeuMfNetwork {
    private NeuMfNetwork() {
    }

    /** The arrays of one network; absent branches are null. {@code w}, {@code b}: one per ReLU layer. */
    public record Arrays(NDArray pg, NDArray qg, NDArray hg, NDArray pm, NDArray qm, NDArray[] w, NDArray[] b,
                         NDArray hm, NDArray bias) {
    }

    /**
     * The logits of pairs {@code (users[r], items[r])}, shape (B).
     *
     * @param users int64 or int32 user indexes, shape (B)
     * @param items item indexes, shape (B)
     */
    public static NDArray logits(NDArray users, NDArray items, Arrays a) {
        NDArray gmf = null;
        NDArray mlp = null;
        if (a.pg() != null) {
            gmf = embed(users, a.pg()).mul(embed(items, a.qg())).matMul(a.hg());
        }
        if (a.pm() != null) {
            NDArray z = embed(users, a.pm()).concat(embed(items, a.qm()), 1);
            for (int l = 0; l < a.w().length; l++) {
                z = Scalars.maximum(z.matMul(a.w()[l]).add(a.b()[l]), 0f);
            }
            mlp = z.matMul(a.hm());
        }
        // [φ_g, z_L] · [hg; hm] = φ_g · hg + z_L · hm: no concatenation needed.
        NDArray s = gmf == null ? mlp : mlp == null ? gmf : gmf.add(mlp);
        return s.reshape(-1).add(a.bias());
    }

    /** Mean binary cross-entropy with logits: {@code mean(softplus(s) − y·s)}; labels (B) in {0, 1}. */
    public static NDArray bceLoss(NDArray logits, NDArray labels) {
        return softplus(logits).sub(logits.mul(labels)).mean();
    }

    /** softplus(x) = max(x, 0) + log(1 + exp(−|x|)), stable for large |x|. */
    static NDArray softplus(NDArray x) {
        return Scalars.maximum(x, 0f).add(x.abs().neg().exp().add(1f).log());
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        NDArrayEx ex = ids.getNDArrayInternal();
        return ex.embedding(ids.toType(DataType.INT64, false), table, SparseFormat.DENSE).singletonOrThrow();
    }
}
