package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A split given by two already-loaded matrices ("predefined"), e.g. MovieLens-100k's
 * {@code u1.base} / {@code u1.test}. Both must share dimensions (load them with one pair of id maps).
 * (user, item) pairs present in both parts are not an error: they are counted in
 * {@code overlap_pairs} so a report can flag a leaky split. The seed is unused.
 *
 * @param train     the training events
 * @param test      the test events
 * @param trainName where the training events came from (file name), written into params
 * @param testName  where the test events came from
 */
public record PredefinedSplit(Interactions train, Interactions test, String trainName, String testName)
        implements SplitProtocol {
    public static final String NAME = "predefined";

    public PredefinedSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        trainName = trainName == null ? "train" : trainName;
        testName = testName == null ? "test" : testName;
        if (train.numUsers() != test.numUsers() || train.numItems() != test.numItems()) {
            throw new IllegalArgumentException("predefined split: " + trainName + " is " + train.numUsers() + "x"
                    + train.numItems() + " (users x items) but " + testName + " is " + test.numUsers() + "x"
                    + test.numItems() + "; load both with the same id maps");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("train", trainName, "test", testName);
    }

    /**
     * The wrapped split. {@code events} (the whole data set, e.g. {@code u.data}) only has to match
     * the dimensions; it is not otherwise used.
     */
    @Override
    public Split split(Interactions events, long seed) {
        if (events.numUsers() != train.numUsers() || events.numItems() != train.numItems()) {
            throw new IllegalArgumentException("predefined split: data set is " + events.numUsers() + "x"
                    + events.numItems() + " (users x items) but " + trainName + " is " + train.numUsers() + "x"
                    + train.numItems());
        }
        return split();
    }

    /** The wrapped split, with its sizes and overlap count in the params. */
    public Split split() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("train", trainName);
        params.put("test", testName);
        params.put("overlap_pairs", overlapPairs(train, test));
        SplitSupport.putSizes(params, train, test);
        return Split.of(NAME, params, train, test);
    }

    /** Number of (user, item) pairs with an event in both matrices (same dimensions). */
    static long overlapPairs(Interactions a, Interactions b) {
        // Stamp array: mark[i] == u + 1 means user u has item i in a; no clearing between users.
        int[] mark = new int[a.numItems()];
        long overlap = 0;
        for (int u = 0; u < a.numUsers(); u++) {
            if (b.userCount(u) == 0) {
                continue;
            }
            for (int p = a.start(u); p < a.end(u); p++) {
                mark[a.item(p)] = u + 1;
            }
            for (int p = b.start(u); p < b.end(u); p++) {
                if (mark[b.item(p)] == u + 1) {
                    overlap++;
                }
            }
        }
        return overlap;
    }
}
