package ai.affinity.data;

/**
 * What {@link Interactions.Builder} does with several events of the same (user, item) pair. The
 * merged event always keeps the latest timestamp, so "when did the user last touch this item" holds.
 */
public enum DuplicatePolicy {
    /** Keep the value of the latest event (ties: the one added last). The default. */
    LAST,
    /** Keep the value of the earliest event. */
    FIRST,
    /** Add the values (play counts, repeated clicks). */
    SUM,
    /** Keep the largest value. */
    MAX
}
