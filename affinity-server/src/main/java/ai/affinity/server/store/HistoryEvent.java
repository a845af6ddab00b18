package ai.affinity.server.store;

/**
 * One interaction of a user as read back for scoring.
 *
 * @param seq        store sequence number (insertion order)
 * @param itemId     external item id
 * @param timeMillis when it happened, epoch milliseconds
 * @param value      rating or weight
 */
public record HistoryEvent(long seq, String itemId, long timeMillis, float value) {
}
