package ai.affinity.server.retrieval;

import ai.affinity.model.Model;
import ai.affinity.model.UserQuery;

/**
 * Produces a ranked list for a query from a fitted model: brute force over every item today, or an
 * index's candidates re-ranked exactly ({@link CandidateRetriever}). Thread-safe.
 */
public interface Retriever {
    /**
     * Top {@code k} items, best first, never an item marked in {@code excluded} (may be null).
     */
    Ranked topK(Model model, UserQuery query, int k, boolean[] excluded);

    /**
     * Readies whatever this retriever needs for {@code model} (an index over its item vectors); called before
     * the model is swapped in, so the first request does not pay for it. Default: nothing.
     */
    default void prepare(Model model) {
    }

    /** Items best first with their model scores (parallel arrays). */
    record Ranked(int[] items, float[] scores) {
    }
}
