package ai.affinity.ann;

import ai.affinity.math.Vectors;

/**
 * How an index scores an item vector against a query; higher is better for both.
 *
 * <ul>
 *   <li>{@link #INNER_PRODUCT}: the raw dot product {@code q·x}, un-normalised, as matrix-factorisation and
 *       two-tower models score (maximum inner product search, MIPS). Item norms matter: a popular item with a
 *       long vector outranks a short one pointing the same way.</li>
 *   <li>{@link #COSINE}: {@code q·x / (|q| |x|)}; a zero vector scores 0.</li>
 * </ul>
 */
public enum Similarity {
    INNER_PRODUCT,
    COSINE;

    /** Exact score of the row at {@code offset} in {@code data} against {@code query} (length {@code dim}). */
    float score(float[] query, float queryNorm, float[] data, int offset, int dim) {
        float dot = Vectors.dot(query, 0, data, offset, dim);
        if (this == INNER_PRODUCT) {
            return dot;
        }
        float norm = (float) Math.sqrt(Vectors.dot(data, offset, data, offset, dim));
        return queryNorm == 0f || norm == 0f ? 0f : dot / (queryNorm * norm);
    }
}
