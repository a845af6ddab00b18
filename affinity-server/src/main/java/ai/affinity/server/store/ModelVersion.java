package ai.affinity.server.store;

/**
 * A fitted model recorded in the store.
 *
 * @param version       store-assigned version number, increasing
 * @param arm           the A/B arm it serves
 * @param spec          the algorithm spec, e.g. {@code ease:lambda=500}
 * @param eventsThrough highest event sequence number included in its training data
 * @param numUsers      users it was fitted on
 * @param numItems      items it scores
 * @param fitSeconds    wall time of the fit
 * @param createdMillis when it was recorded, epoch milliseconds
 */
public record ModelVersion(long version, String arm, String spec, long eventsThrough, int numUsers, int numItems,
                           double fitSeconds, long createdMillis) {
}
