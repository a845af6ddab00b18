package ai.affinity.split;

import ai.affinity.data.Dataset;

import java.util.Map;

/** A way of dividing a data set into train and test. Same data and seed give the same split. */
public interface SplitProtocol {
    /** Command-line name: random, temporal, leave-last-out, cold-items, cold-users, predefined. */
    String name();

    /** Parameters as written into results. */
    Map<String, Object> params();

    Split split(Dataset data, long seed);
}
