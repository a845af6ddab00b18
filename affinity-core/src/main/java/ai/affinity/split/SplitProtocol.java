package ai.affinity.split;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;

import java.util.Map;

/**
 * A way of dividing a data set into train and test. Same data and seed give the same split: every
 * random choice is drawn from generators derived from (seed, user) or (seed, item), so the result
 * does not depend on iteration order or thread count. Implementations are immutable.
 */
public interface SplitProtocol {
    /** Command-line name: random, temporal, leave-last-out, cold-items, cold-users, predefined. */
    String name();

    /** Parameters as written into results. */
    Map<String, Object> params();

    /** Splits the data set's events; the parts keep the data set's dimensions. */
    default Split split(Dataset data, long seed) {
        return split(data.interactions(), seed);
    }

    /** Splits {@code events}; the parts keep its dimensions. Protocols without randomness ignore the seed. */
    Split split(Interactions events, long seed);
}
