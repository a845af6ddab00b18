package ai.affinity.server.serving;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.Recommender;
import ai.affinity.model.UserQuery;
import ai.affinity.server.retrieval.Retriever;
import ai.affinity.server.store.HistoryEvent;
import ai.affinity.server.store.Store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Answers recommendation and similar-item queries from the current snapshots. Freshness: every
 * request reads the user's latest interactions from the store (committed events only), merges them
 * with what the model was trained on, and scores from that history, so an event acknowledged a moment
 * ago changes the next answer without waiting for a refit. A user with events the model has not been
 * fitted on is scored as a history-only query (user index -1, fold-in), so the model's stale user
 * vector cannot hide the new events. Thread-safe.
 */
public final class RecommendationService {
    /** Most recent stored events read per request. */
    public static final int MAX_STORED_HISTORY = 500;

    private final ServingState state;

    public RecommendationService(ServingState state) {
        this.state = state;
    }

    /** One recommended item. */
    public record ScoredItem(String itemId, float score) {
    }

    /**
     * A recommendation answer.
     *
     * @param requestId    unique id to attach to impressions and clicks
     * @param userId       who it is for
     * @param arm          the arm that answered
     * @param modelVersion version of that arm's model
     * @param items        best first
     * @param historySize  events in the history the model scored from
     */
    public record Recommendations(String requestId, String userId, String arm, long modelVersion, List<ScoredItem> items,
                                  int historySize) {
    }

    /** Similar items to one item, by the arm's model (its answer to a history of just that item). */
    public record Similar(String itemId, String arm, long modelVersion, List<ScoredItem> items) {
    }

    /**
     * Top {@code k} items for {@code userId}.
     *
     * @param arm         a specific arm, or null for the user's assigned arm
     * @param excludeSeen drop items in the user's history
     * @throws IllegalArgumentException for an unknown arm
     */
    public Recommendations recommend(String userId, int k, String arm, boolean excludeSeen) {
        String chosen = arm == null ? state.experiment().assign(userId) : arm;
        ModelSnapshot snap = state.snapshot(chosen);
        if (snap == null) {
            throw new IllegalArgumentException("unknown arm '" + arm + "'; arms: " + String.join(", ", state.experiment().arms()));
        }
        UserQuery query = query(snap, userId);
        boolean[] excluded = null;
        if (excludeSeen && !query.history().isEmpty()) {
            excluded = new boolean[snap.model().numItems()];
            Recommender.markHistory(query.history(), excluded);
        }
        Retriever.Ranked r = state.retriever().topK(snap.model(), query, k, excluded);
        return new Recommendations(UUID.randomUUID().toString(), userId, chosen, snap.version(), named(snap, r),
                query.history().size());
    }

    /**
     * Items most similar to {@code itemId} by the given arm's model (or the first arm's).
     *
     * @throws NoSuchElementException when the item is unknown to the model and the store
     */
    public Similar similar(String itemId, int k, String arm) {
        String chosen = arm == null ? state.experiment().arms().get(0) : arm;
        ModelSnapshot snap = state.snapshot(chosen);
        if (snap == null) {
            throw new IllegalArgumentException("unknown arm '" + arm + "'; arms: " + String.join(", ", state.experiment().arms()));
        }
        int idx = snap.itemIds().indexOf(itemId);
        if (idx < 0 || idx >= snap.model().numItems()) {
            if (state.store().item(itemId).isEmpty()) {
                throw new NoSuchElementException("unknown item '" + itemId + "'");
            }
            // Stored after the last fit: known, but the model cannot place it yet.
            return new Similar(itemId, chosen, snap.version(), List.of());
        }
        UserQuery q = UserQuery.anonymous(History.ofItems(idx));
        boolean[] excluded = new boolean[snap.model().numItems()];
        excluded[idx] = true;
        Retriever.Ranked r = state.retriever().topK(snap.model(), q, k, excluded);
        return new Similar(itemId, chosen, snap.version(), named(snap, r));
    }

    /** The query for a user: trained history plus stored events newer than the fit, deduplicated by item. */
    UserQuery query(ModelSnapshot snap, String userId) {
        int u = snap.userIds().indexOf(userId);
        List<HistoryEvent> stored = state.store().recentHistory(userId, MAX_STORED_HISTORY);
        boolean fresh = false;
        // Latest event per item wins, as in training (DuplicatePolicy.LAST).
        Map<Integer, long[]> latest = new HashMap<>();
        Map<Integer, Float> values = new HashMap<>();
        if (u >= 0 && u < snap.train().numUsers()) {
            Interactions x = snap.train();
            for (int p = x.start(u); p < x.end(u); p++) {
                latest.put(x.item(p), new long[]{x.timestamp(p)});
                values.put(x.item(p), x.value(p));
            }
        }
        for (HistoryEvent e : stored) {
            if (e.seq() > snap.eventsThrough()) {
                fresh = true;
            }
            int item = snap.itemIds().indexOf(e.itemId());
            if (item < 0 || item >= snap.model().numItems()) {
                continue; // an item the model cannot score yet
            }
            long t = e.timeMillis() / 1000;
            long[] prev = latest.get(item);
            if (prev == null || prev[0] <= t) {
                latest.put(item, new long[]{t});
                values.put(item, e.value());
            }
        }
        int n = latest.size();
        int[] items = new int[n];
        long[] times = new long[n];
        float[] vals = new float[n];
        int j = 0;
        for (Map.Entry<Integer, long[]> e : latest.entrySet()) {
            items[j] = e.getKey();
            times[j] = e.getValue()[0];
            vals[j] = values.get(e.getKey());
            j++;
        }
        History h = History.of(items, times, vals);
        UserFeatures features = state.store().user(userId)
                .map(a -> new UserFeatures(a.categorical(), a.numeric()))
                .orElseGet(() -> u >= 0 && u < state.base().numUsers() ? state.base().users().get(u) : UserFeatures.none());
        // A user whose latest events the model has not seen is folded in from the history instead.
        return new UserQuery(fresh || u >= snap.train().numUsers() ? -1 : u, h, features);
    }

    private static List<ScoredItem> named(ModelSnapshot snap, Retriever.Ranked r) {
        List<ScoredItem> out = new ArrayList<>(r.items().length);
        for (int i = 0; i < r.items().length; i++) {
            out.add(new ScoredItem(snap.itemIds().id(r.items()[i]), r.scores()[i]));
        }
        return out;
    }
}
