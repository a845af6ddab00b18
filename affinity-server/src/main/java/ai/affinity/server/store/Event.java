package ai.affinity.server.store;

/**
 * One event to store.
 *
 * @param userId        external user id, non-empty
 * @param itemId        external item id, non-empty
 * @param type          what happened
 * @param value         rating or weight (1 for implicit events)
 * @param timeMillis    when it happened, epoch milliseconds
 * @param clientEventId the client's id for idempotent retries, or null
 * @param requestId     the recommendation request this event answers (impressions, clicks), or null
 * @param arm           the A/B arm that served that request, or null
 */
public record Event(String userId, String itemId, EventType type, double value, long timeMillis,
                    String clientEventId, String requestId, String arm) {
    public Event {
        if (userId == null || userId.isEmpty() || itemId == null || itemId.isEmpty() || type == null) {
            throw new IllegalArgumentException("an event needs a user id, an item id and a type");
        }
    }
}
