package ai.affinity.server.retrieval;

import ai.affinity.model.Model;
import ai.affinity.model.TopK;
import ai.affinity.model.UserQuery;

import java.util.function.Function;

/**
 * Two-stage retrieval: a user vector from the query, {@code candidates} items from an
 * {@link ItemCandidates} index (an ANN index later), then exact scores from the model over those
 * candidates only. Exact when the index returns the true nearest items; its recall bounds the rest.
 * Falls back to brute force when the query has no vector (the function returns null).
 *
 * <p>Today the {@link Model} contract scores every item, so this class only restricts the selection to
 * the candidates; the saving comes once vector models expose scoring of a candidate subset (the ANN
 * work). It exists now so that the serving path, and its tests, already go through the plug point.
 */
public final class CandidateRetriever implements Retriever {
    private final Function<UserQuery, float[]> userVector;
    private final ItemCandidates index;
    private final int candidates;

    /**
     * @param userVector the model's user vector for a query (e.g. a factor model's fold-in), or null when none
     * @param index      candidate source over the same model's item vectors
     * @param candidates how many candidates to re-rank (at least k is used)
     */
    public CandidateRetriever(Function<UserQuery, float[]> userVector, ItemCandidates index, int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
        this.userVector = userVector;
        this.index = index;
        this.candidates = candidates;
    }

    @Override
    public Ranked topK(Model model, UserQuery query, int k, boolean[] excluded) {
        float[] v = userVector.apply(query);
        if (v == null) {
            return BruteForceRetriever.INSTANCE.topK(model, query, k, excluded);
        }
        // Ask for extra candidates so that excluded (seen) items do not leave the list short.
        int[] cand = index.candidates(v, Math.max(candidates, k) + (excluded == null ? 0 : query.history().size()));
        float[] scores = new float[model.numItems()];
        model.score(query, scores);
        int[] top = TopK.select(scores, k, excluded, cand);
        float[] s = new float[top.length];
        for (int i = 0; i < top.length; i++) {
            s[i] = scores[top[i]];
        }
        return new Ranked(top, s);
    }
}
