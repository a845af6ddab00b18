package ai.affinity.model;

import ai.affinity.data.History;

/**
 * Turns a {@link Model} into ranked lists: scores, excludes the query's history when asked, and
 * restricts to candidates. The one place where exclusion of seen items lives.
 */
public final class Recommender {
    private final Model model;

    public Recommender(Model model) {
        this.model = model;
    }

    public Model model() {
        return model;
    }

    /**
     * Top-{@code k} items for the query, best first.
     *
     * @param excludeSeen drop items in the query's history
     * @param candidates  restrict to these items, or null for all
     */
    public int[] recommend(UserQuery query, int k, boolean excludeSeen, int[] candidates) {
        float[] scores = new float[model.numItems()];
        model.score(query, scores);
        boolean[] excluded = null;
        if (excludeSeen && !query.history().isEmpty()) {
            excluded = new boolean[scores.length];
            markHistory(query.history(), excluded);
        }
        return TopK.select(scores, k, excluded, candidates);
    }

    /** Sets {@code mask[item] = true} for every item in the history that the mask can index. */
    public static void markHistory(History h, boolean[] mask) {
        for (int i = 0; i < h.size(); i++) {
            int item = h.item(i);
            if (item >= 0 && item < mask.length) {
                mask[item] = true;
            }
        }
    }
}
