package ai.affinity.server.retrieval;

import ai.affinity.model.Model;
import ai.affinity.model.UserQuery;

import java.util.function.IntFunction;

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

    /**
     * As {@link #prepare(Model)}, where some items have no vector of their own but a content placement:
     * {@code placed.apply(i)} is item {@code i}'s placement, or null for the model's own vector. A placed item's
     * score is the weighted mean of its neighbours' scores (the serving rule for items without events), which for
     * a vector model is the inner product with the weighted mean of their vectors. Default: {@link #prepare(Model)}
     * (brute force scores placed items separately).
     */
    default void prepare(Model model, IntFunction<Placement> placed) {
        prepare(model);
    }

    /**
     * A content placement in a model's index space: neighbour item indexes (negative: not in the model, skipped)
     * and their weights (> 0), same order.
     */
    record Placement(int[] neighbours, float[] weights) {
        public Placement {
            if (neighbours.length != weights.length) {
                throw new IllegalArgumentException(neighbours.length + " neighbours but " + weights.length + " weights");
            }
        }
    }

    /** Items best first with their model scores (parallel arrays). */
    record Ranked(int[] items, float[] scores) {
    }
}
