package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.Map;

/**
 * A train/test partition of one data set's events; all parts share the data set's user and item
 * index spaces (same dimensions).
 *
 * @param protocol   protocol name, e.g. "random"
 * @param params     protocol parameters as written into results (test_fraction, seed, ...)
 * @param train      what models may learn from
 * @param test       held-out events; the relevant items of each test user
 * @param queryHistory the history the evaluator gives the model for each test user: usually
 *                   {@code train}; for cold users, their revealed first events (never in train)
 * @param candidates items eligible for ranking (e.g. the cold items), or null for every item
 */
public record Split(String protocol, Map<String, Object> params, Interactions train, Interactions test,
                    Interactions queryHistory, int[] candidates) {
    public Split {
        params = params == null ? Map.of() : Map.copyOf(params);
        queryHistory = queryHistory == null ? train : queryHistory;
        if (train.numUsers() != test.numUsers() || train.numItems() != test.numItems()
                || queryHistory.numUsers() != train.numUsers() || queryHistory.numItems() != train.numItems()) {
            throw new IllegalArgumentException("train, test and query history must share dimensions");
        }
    }

    /** A plain split where models see the training history at query time and rank every item. */
    public static Split of(String protocol, Map<String, Object> params, Interactions train, Interactions test) {
        return new Split(protocol, params, train, test, train, null);
    }
}
