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
 * @param stored        the stored events included, in sequence order (for {@link #changedSince})
 */
public record TrainingSet(IdMap userIds, IdMap itemIds, TrainingData data, long eventsThrough, StoredEvents stored) {

    /** Sequence numbers and dense (user, item) indexes of the stored events, ascending by sequence. */
    public record StoredEvents(long[] seq, int[] user, int[] item, int size) {
    }

    /** Users and items (dense indexes, ascending, distinct) with stored events of sequence number {@code > seq}. */
    public record Changes(int[] users, int[] items) {
    }

    /** The users and items touched by stored events newer than {@code seq}. */
    public Changes changedSince(long seq) {
        java.util.BitSet u = new java.util.BitSet();
        java.util.BitSet i = new java.util.BitSet();
        for (int e = stored.size() - 1; e >= 0 && stored.seq()[e] > seq; e--) {
            u.set(stored.user()[e]);
            i.set(stored.item()[e]);
        }
        return new Changes(u.stream().toArray(), i.stream().toArray());
    }

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
        long[][] seqs = {new long[1024]};
        int[][] us = {new int[1024]};
        int[][] is = {new int[1024]};
        int[] n = {0};
        store.forEachInteraction(throughSeq, e -> {
            int u = users.add(e.userId());
            int i = items.add(e.itemId());
            b.add(u, i, e.value(), e.timeMillis() / 1000);
            if (n[0] == seqs[0].length) {
                int cap = n[0] * 2;
                seqs[0] = java.util.Arrays.copyOf(seqs[0], cap);
                us[0] = java.util.Arrays.copyOf(us[0], cap);
                is[0] = java.util.Arrays.copyOf(is[0], cap);
            }
            seqs[0][n[0]] = e.seq();
            us[0][n[0]] = u;
            is[0][n[0]] = i;
            n[0]++;
        });
        b.setDimensions(users.size(), items.size());
        catalog.ensureSize(items.size());
        return new TrainingSet(users, items, new TrainingData(b.build(), catalog, userCatalog, null), throughSeq,
                new StoredEvents(seqs[0], us[0], is[0], n[0]));
    }

    /** The model-side content of a stored item (media bytes are not decoded here). */
    public static ItemContent content(ItemRecord r) {
        return new ItemContent(r.title(), r.text(), r.categorical(), r.numeric(), null, null, ItemContent.UNKNOWN_TIME);
    }
}
