package ai.affinity.server.retrieval;

import ai.affinity.model.Model;
import ai.affinity.model.TopK;
import ai.affinity.model.UserQuery;

/** Scores every item and selects the top k: exact, O(items) per request. Stateless. */
public final class BruteForceRetriever implements Retriever {
    public static final BruteForceRetriever INSTANCE = new BruteForceRetriever();

    private BruteForceRetriever() {
    }

    @Override
    public Ranked topK(Model model, UserQuery query, int k, boolean[] excluded) {
        float[] scores = new float[model.numItems()];
        model.score(query, scores);
        int[] top = TopK.select(scores, k, excluded, null);
        float[] s = new float[top.length];
        for (int i = 0; i < top.length; i++) {
            s[i] = scores[top[i]];
        }
        return new Ranked(top, s);
    }
}
