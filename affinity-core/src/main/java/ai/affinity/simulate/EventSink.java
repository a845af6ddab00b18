package ai.affinity.simulate;

/**
 * Receives every simulated impression (one per shown item) in the order they happen. Indexes are the
 * world data set's dense user and item indexes; positions are 1-based.
 */
@FunctionalInterface
public interface EventSink {
    EventSink NONE = (seed, arm, day, timestamp, requestId, user, item, position, clicked) -> { };

    void impression(long seed, String arm, int day, long timestamp, String requestId, int user, int item, int position,
                    boolean clicked);
}
