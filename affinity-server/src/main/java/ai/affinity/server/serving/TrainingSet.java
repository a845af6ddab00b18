package ai.affinity.server.serving;

import ai.affinity.data.Dataset;
import ai.affinity.data.DuplicatePolicy;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;
import ai.affinity.model.TrainingData;
import ai.affinity.server.store.ItemRecord;
import ai.affinity.server.store.Store;

/**
 * The training data of a (re)fit: the start-up data set plus every interaction in the store up to a
 * sequence number, over id maps that extend the data set's (dense indexes of the data set never
 * change; stored items and users are appended). Repeated (user, item) events keep the latest.
 *
 * @param userIds       users, data set's first
 * @param itemIds       items, data set's first, then stored items, then items only seen in events
 * @param data          what algorithms fit on
 * @param eventsThrough highest store sequence number included
 */
public record TrainingSet(IdMap userIds, IdMap itemIds, TrainingData data, long eventsThrough) {

    /** Builds the training set from {@code base} and the store's interactions with {@code seq <= throughSeq}. */
    public static TrainingSet build(Dataset base, Store store, long throughSeq) {
        IdMap users = base.userIds().copy();
        IdMap items = base.itemIds().copy();
        ItemCatalog catalog = new ItemCatalog();
        for (int i = 0; i < base.numItems(); i++) {
            catalog.set(i, base.items().get(i));
        }
        for (String id : store.itemIds()) {
            int idx = items.add(id);
            if (idx >= base.numItems()) {
                store.item(id).ifPresent(r -> catalog.set(idx, content(r)));
            }
        }
        UserCatalog userCatalog = new UserCatalog();
        for (int u = 0; u < base.numUsers(); u++) {
            userCatalog.set(u, base.users().get(u));
        }
        Interactions x = base.interactions();
        Interactions.Builder b = Interactions.builder().optDuplicatePolicy(DuplicatePolicy.LAST)
                .optExpectedEvents(x.numEvents() + 1024);
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                b.add(u, x.item(p), x.value(p), x.timestamp(p));
            }
        }
        store.forEachInteraction(throughSeq, e -> {
            int u = users.add(e.userId());
            int i = items.add(e.itemId());
            b.add(u, i, e.value(), e.timeMillis() / 1000);
        });
        b.setDimensions(users.size(), items.size());
        catalog.ensureSize(items.size());
        return new TrainingSet(users, items, new TrainingData(b.build(), catalog, userCatalog, null), throughSeq);
    }

    /** The model-side content of a stored item (media bytes are not decoded here). */
    public static ItemContent content(ItemRecord r) {
        return new ItemContent(r.title(), r.text(), r.categorical(), r.numeric(), null, null, ItemContent.UNKNOWN_TIME);
    }
}
