package ai.affinity.server.serving;

import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.model.Model;

/**
 * One fitted model of an arm with everything needed to answer from it; immutable once published
 * (the id maps are never written after the snapshot is built), so requests read it without locks
 * and a refit replaces it whole through an {@code AtomicReference}.
 *
 * @param arm           the arm it serves
 * @param spec          algorithm spec it was fitted with
 * @param version       model version recorded in the store
 * @param model         the fitted model (scores {@code itemIds.size()} items)
 * @param userIds       users known to the model
 * @param itemIds       items the model scores
 * @param train         the events it was fitted on (base data set plus stored events)
 * @param eventsThrough highest store event sequence number included
 * @param fittedMillis  when the fit finished, epoch milliseconds
 * @param fitSeconds    how long the fit took
 * @param catalog       popularity, warm items and cold-item placements of the same training set
 * @param fitKind       {@code "full"} (fitted from scratch) or {@code "incremental"} (warm-started update)
 */
public record ModelSnapshot(String arm, String spec, long version, Model model, IdMap userIds, IdMap itemIds,
                            Interactions train, long eventsThrough, long fittedMillis, double fitSeconds,
                            CatalogIndex catalog, String fitKind) {
    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";
}
