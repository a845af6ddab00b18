package ai.affinity.model;

/**
 * A fitted, immutable and thread-safe recommender: writes one score per dense item index.
 * Higher is better; scores are only compared within one query.
 */
public interface Model {
    /** Number of items this model scores (the length {@code scoresOut} must have at least). */
    int numItems();

    /**
     * Writes a score for every item {@code 0..numItems()-1} into {@code scoresOut}. Must not keep
     * a reference to {@code scoresOut}, and must be safe to call from several threads at once.
     */
    void score(UserQuery query, float[] scoresOut);

    /**
     * What the fit learned about its own training that a caller may reuse, e.g. {@code best_epoch} when
     * early stopping chose an epoch on validation (see {@code Tuner}); empty by default.
     */
    default java.util.Map<String, String> fitFacts() {
        return java.util.Map.of();
    }
}
