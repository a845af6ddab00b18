package ai.affinity.ann;

import java.util.function.IntPredicate;

/**
 * A nearest-neighbour index over item vectors: given a query vector, the {@code k} items with the highest
 * {@link #similarity()} score. Items are dense ids {@code 0..size()-1} in insertion order (row {@code i} of the
 * build matrix is id {@code i}; {@link #add} returns the next id), so callers map them to their own item indices.
 *
 * <p>Contract for every implementation: results are best first with exact scores (an approximate index
 * re-ranks its candidates exactly, so it may miss items but never mis-scores or mis-orders those it returns);
 * ties go to the lower id; {@code k} larger than the eligible items returns them all. A query whose length is not
 * {@link #dim()}, a non-finite value, or {@code k < 1} is an {@link IllegalArgumentException} saying which.
 * Searches may run from many threads at once and concurrently with {@link #add}; a search sees either all of an
 * add or none of it.
 */
public interface VectorIndex {
    /** Dimensions of item and query vectors. */
    int dim();

    /** Number of items indexed. */
    int size();

    Similarity similarity();

    /**
     * The best {@code k} items for {@code query}, skipping ids for which {@code excluded} is true (seen items;
     * null excludes nothing). The predicate is called from the searching thread only.
     */
    Neighbors search(float[] query, int k, IntPredicate excluded);

    /** {@link #search(float[], int, IntPredicate)} with nothing excluded. */
    default Neighbors search(float[] query, int k) {
        return search(query, k, null);
    }

    /** Adds one item vector (length {@link #dim()}, finite) and returns its id, the previous {@link #size()}. */
    int add(float[] vector);

    /**
     * A copy of item {@code id}'s vector as the index keeps it: the original for {@link Similarity#INNER_PRODUCT},
     * the unit-length direction for {@link Similarity#COSINE}.
     */
    float[] vector(int id);
}
