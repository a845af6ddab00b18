package ai.affinity.deep.content;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Weighted sum of embedding rows per sparse row: {@code out[r] = sum_j values[j] * table[ids[j]]}
 * over row {@code r}'s entries. The trainable layer behind the hashed n-gram text bag and the
 * attribute featurizer: the two-tower item (or user) tower adds a {@code [width, dim]} table to its
 * {@link ai.affinity.deep.train.Weights} and calls {@link #forward}; autograd flows into the table
 * through DJL's gather, so no custom gradient is needed. {@link #apply} is the same computation in
 * pure Java for scoring after training (thread-safe, no native calls).
 */
public final class EmbeddingBag {
    private EmbeddingBag() {
    }

    /**
     * The bag embeddings of {@code rows[sel[0]], rows[sel[1]], ...} as a {@code [sel.length, dim]}
     * array in {@code manager}. Rows are padded to the longest selected row with id 0 and weight 0.
     *
     * @param table a {@code [rows.width(), dim]} array (usually trainable)
     */
    public static NDArray forward(NDManager manager, NDArray table, SparseRows rows, int[] sel) {
        int len = 1;
        for (int r : sel) {
            len = Math.max(len, rows.offsets()[r + 1] - rows.offsets()[r]);
        }
        long[] idx = new long[sel.length * len];
        float[] w = new float[sel.length * len];
        for (int b = 0; b < sel.length; b++) {
            int from = rows.offsets()[sel[b]];
            int to = rows.offsets()[sel[b] + 1];
            for (int j = from; j < to; j++) {
                idx[b * len + j - from] = rows.ids()[j];
                w[b * len + j - from] = rows.values()[j];
            }
        }
        NDArray ids = manager.create(idx, new Shape(sel.length, len));
        NDArray weights = manager.create(w, new Shape(sel.length, len, 1));
        // The embedding primitive (index_select with a gradient for the table), as SASRec uses it.
        NDArray gathered = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
        return gathered.mul(weights).sum(new int[] {1});
    }

    /** Row {@code r}'s bag embedding from a row-major {@code [width, dim]} table, in pure Java. */
    public static float[] apply(float[] table, int dim, SparseRows rows, int r) {
        float[] out = new float[dim];
        for (int j = rows.offsets()[r]; j < rows.offsets()[r + 1]; j++) {
            int base = rows.ids()[j] * dim;
            float v = rows.values()[j];
            for (int d = 0; d < dim; d++) {
                out[d] += v * table[base + d];
            }
        }
        return out;
    }
}
