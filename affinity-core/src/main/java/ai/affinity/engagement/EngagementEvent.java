package ai.affinity.engagement;

/**
 * One impression or click attributed to an A/B arm, the input of {@link EngagementAggregator}.
 *
 * @param userId     external user id
 * @param kind       impression (an item was shown) or click (a shown item was clicked)
 * @param timeMillis when it happened, epoch milliseconds
 * @param arm        the arm that served the recommendation, non-null
 */
public record EngagementEvent(String userId, Kind kind, long timeMillis, String arm) {
    /** What happened to a recommended item. */
    public enum Kind { IMPRESSION, CLICK }

    public EngagementEvent {
        if (userId == null || kind == null || arm == null) {
            throw new IllegalArgumentException("an engagement event needs a user, a kind and an arm");
        }
    }
}
