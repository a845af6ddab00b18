package ai.affinity.server.serving;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.Recommender;
import ai.affinity.model.TopK;
import ai.affinity.model.UserQuery;
import ai.affinity.server.retrieval.AnnRetriever;
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
     * @param source       {@link #MODEL}, or {@link #POPULARITY} for the cold-user fallback
     */
    public record Recommendations(String requestId, String userId, String arm, long modelVersion, List<ScoredItem> items,
                                  int historySize, String source) {
    }

    /** {@link Recommendations#source()} of an answer ranked by the arm's model. */
    public static final String MODEL = "model";
    /** {@link Recommendations#source()} of the cold-user fallback: most popular items of the training data. */
    public static final String POPULARITY = "popularity";
    /** Algorithms that score items without events from their content themselves (no neighbour placement). */
    static final java.util.Set<String> CONTENT_NATIVE = java.util.Set.of("tfidf");

    static String algorithmName(String spec) {
        int colon = spec.indexOf(':');
        return (colon < 0 ? spec : spec.substring(0, colon)).trim();
    }

    private static boolean constant(float[] scores) {
        for (int i = 1; i < scores.length; i++) {
            if (Float.compare(scores[i], scores[0]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Similar items to one item, by the arm's model (its answer to a history of just that item). */
    public record Similar(String itemId, String arm, long modelVersion, List<ScoredItem> items) {
    }

    /**
     * Top {@code k} items for {@code userId}.
     *
     * <p>Cold users: when the user's history is empty and the model gives every item the same score (as
     * item-item and factor models do for an empty history), the answer is the popularity ranking of the
     * snapshot's training data instead ({@code source = "popularity"}). Models that answer an empty
     * history themselves (popularity, segment popularity from user attributes) keep their answer.
     *
     * <p>Cold items: items without training events that the catalogue placed by content, and items stored
     * since the last refit ({@link ServingState#itemStored}), are ranked with the model's items, scored by
     * the weighted mean of their content neighbours' scores ({@link CatalogIndex}). When the arm's model is
     * indexed ({@link AnnRetriever}) such items are in its index with the weighted mean of their neighbours'
     * vectors (the same score), and the index answers; otherwise, while there are such items, every item is
     * scored, and without them the retriever answers.
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
        Built built = build(snap, userId);
        UserQuery query = built.query();
        int n = snap.model().numItems();
        if (query.history().isEmpty()) {
            float[] scores = new float[n];
            snap.model().score(query, scores);
            if (constant(scores) && snap.catalog() != null) {
                int[] pop = snap.catalog().popular();
                List<ScoredItem> items = new ArrayList<>(Math.min(k, pop.length));
                for (int j = 0; j < Math.min(k, pop.length); j++) {
                    items.add(new ScoredItem(snap.itemIds().id(pop[j]), snap.catalog().count(pop[j])));
                }
                return new Recommendations(UUID.randomUUID().toString(), userId, chosen, snap.version(), items, 0, POPULARITY);
            }
        }
        boolean[] excluded = null;
        if (excludeSeen && !query.history().isEmpty()) {
            excluded = new boolean[n];
            Recommender.markHistory(query.history(), excluded);
        }
        Retriever retriever = state.retriever();
        if (retriever instanceof AnnRetriever ann && ann.covers(snap.model())) {
            // Catalogue cold items were indexed with their placements at build time; fresh ones are added here.
            boolean[] ex = indexFresh(ann, snap, coldItems(snap, false), excluded,
                    excludeSeen ? built.unmodelledSeen() : java.util.Set.of());
            Retriever.Ranked r = ann.topK(snap.model(), query, k, ex);
            return new Recommendations(UUID.randomUUID().toString(), userId, chosen, snap.version(), named(snap, r, ann),
                    query.history().size(), MODEL);
        }
        List<Cold> cold = coldItems(snap, true);
        if (cold.isEmpty()) {
            Retriever.Ranked r = retriever.topK(snap.model(), query, k, excluded);
            return new Recommendations(UUID.randomUUID().toString(), userId, chosen, snap.version(), named(snap, r, retriever),
                    query.history().size(), MODEL);
        }
        // Score every item, then the cold ones from their neighbours; fresh items go after the model's items.
        int extras = 0;
        for (Cold c : cold) {
            extras += c.index() < 0 ? 1 : 0;
        }
        float[] scores = new float[n + extras];
        snap.model().score(query, scores);
        boolean[] ex = new boolean[n + extras];
        if (excluded != null) {
            System.arraycopy(excluded, 0, ex, 0, n);
        }
        String[] extraIds = new String[extras];
        float[] modelScores = java.util.Arrays.copyOf(scores, n);
        int e = 0;
        for (Cold c : cold) {
            float v = CatalogIndex.weightedMean(c.neighbours(), c.weights(), modelScores);
            int slot = c.index() >= 0 ? c.index() : n + e;
            if (c.index() < 0) {
                extraIds[e++] = c.itemId();
                if (excludeSeen && built.unmodelledSeen().contains(c.itemId())) {
                    ex[slot] = true;
                }
            }
            scores[slot] = v; // NaN (no neighbour resolvable) is never selected
        }
        int[] top = TopK.select(scores, k, ex, null);
        List<ScoredItem> items = new ArrayList<>(top.length);
        for (int i : top) {
            items.add(new ScoredItem(i < n ? snap.itemIds().id(i) : extraIds[i - n], scores[i]));
        }
        return new Recommendations(UUID.randomUUID().toString(), userId, chosen, snap.version(), items,
                query.history().size(), MODEL);
    }

    /**
     * A cold item resolved against one snapshot: its index there (-1 when the model does not know it), and for a
     * fresh item its placement time ({@link ColdItem#placedAtNanos}; -1 for the catalogue's own cold items).
     */
    private record Cold(String itemId, int index, int[] neighbours, float[] weights, long version) {
    }

    /**
     * Adds the fresh items among {@code cold} to the arm's index (idempotent per placement; a first request or
     * {@link #indexFreshItems} pays the insertion) and returns {@code excluded} widened to the added nodes the
     * user has seen ({@code seenFresh}: fresh items in their stored history).
     */
    private static boolean[] indexFresh(AnnRetriever ann, ModelSnapshot snap, List<Cold> cold, boolean[] excluded,
                                        java.util.Set<String> seenFresh) {
        boolean[] ex = excluded;
        for (Cold c : cold) {
            if (c.version() < 0) {
                continue;
            }
            int node = ann.addItem(snap.model(), c.itemId(), c.version(), c.index(),
                    new Retriever.Placement(c.neighbours(), c.weights()));
            boolean seen = c.index() >= 0 ? excluded != null && excluded[c.index()] : seenFresh.contains(c.itemId());
            if (node >= 0 && seen) {
                if (ex == null || ex.length <= node) {
                    ex = java.util.Arrays.copyOf(ex == null ? new boolean[0] : ex, Math.max(node + 1, ann.size(snap.model())));
                }
                ex[node] = true;
            }
        }
        return ex;
    }

    /**
     * Adds the fresh items (stored since the last fit) to the index of every arm whose model is indexed, so the
     * next request finds them there without paying the insertion. Called by {@code PUT /v1/items} after
     * {@link ServingState#itemStored}; requests add any still missing themselves.
     */
    public void indexFreshItems() {
        if (!(state.retriever() instanceof AnnRetriever ann) || state.freshItems().isEmpty()) {
            return;
        }
        for (String arm : state.experiment().arms()) {
            ModelSnapshot snap = state.snapshot(arm);
            if (snap != null && ann.covers(snap.model())) {
                indexFresh(ann, snap, coldItems(snap, false), null, java.util.Set.of());
            }
        }
    }

    /**
     * The fresh items and, with {@code catalogue}, the snapshot's placed cold items (unless the model scores
     * content itself).
     */
    private List<Cold> coldItems(ModelSnapshot snap, boolean catalogue) {
        List<Cold> out = new ArrayList<>();
        CatalogIndex cat = snap.catalog();
        int n = snap.model().numItems();
        java.util.Collection<ColdItem> fresh = state.freshItems();
        if (catalogue && cat != null && !CONTENT_NATIVE.contains(algorithmName(snap.spec()))) {
            for (int j = 0; j < cat.numColdPlaced(); j++) {
                int i = cat.coldItem(j);
                if (i < n && (fresh.isEmpty() || state.freshItem(snap.itemIds().id(i)) == null)) {
                    out.add(new Cold(snap.itemIds().id(i), i, cat.coldNeighbours(j), cat.coldWeights(j), -1));
                }
            }
        }
        for (ColdItem c : fresh) {
            int i = snap.itemIds().indexOf(c.itemId());
            if (i >= n) {
                i = -1;
            }
            if (cat != null && cat.isWarm(i)) {
                continue; // the model knows it from events
            }
            if (i >= 0 && CONTENT_NATIVE.contains(algorithmName(snap.spec()))) {
                continue;
            }
            int[] idx = new int[c.neighbours().length];
            for (int m = 0; m < idx.length; m++) {
                int t = snap.itemIds().indexOf(c.neighbours()[m]);
                idx[m] = t < n ? t : -1;
            }
            out.add(new Cold(c.itemId(), i, idx, c.weights(), c.placedAtNanos()));
        }
        return out;
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
            // Stored after the last fit: its content neighbours, when it could be placed.
            ColdItem c = state.freshItem(itemId);
            List<ScoredItem> items = new ArrayList<>();
            for (int j = 0; c != null && j < Math.min(k, c.neighbours().length); j++) {
                items.add(new ScoredItem(c.neighbours()[j], c.weights()[j]));
            }
            return new Similar(itemId, chosen, snap.version(), items);
        }
        UserQuery q = UserQuery.anonymous(History.ofItems(idx));
        boolean[] excluded = new boolean[snap.model().numItems()];
        excluded[idx] = true;
        Retriever retriever = state.retriever();
        Retriever.Ranked r = retriever.topK(snap.model(), q, k, excluded);
        return new Similar(itemId, chosen, snap.version(), named(snap, r, retriever));
    }

    /** A user's query and the ids of stored-history items the model cannot score (fresh items they used). */
    record Built(UserQuery query, java.util.Set<String> unmodelledSeen) {
    }

    /** The query for a user: trained history plus stored events newer than the fit, deduplicated by item. */
    UserQuery query(ModelSnapshot snap, String userId) {
        return build(snap, userId).query();
    }

    Built build(ModelSnapshot snap, String userId) {
        int u = snap.userIds().indexOf(userId);
        List<HistoryEvent> stored = state.store().recentHistory(userId, MAX_STORED_HISTORY);
        boolean fresh = false;
        java.util.Set<String> unmodelled = java.util.Set.of();
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
                if (unmodelled.isEmpty()) {
                    unmodelled = new java.util.HashSet<>();
                }
                unmodelled.add(e.itemId());
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
        return new Built(new UserQuery(fresh || u >= snap.train().numUsers() ? -1 : u, h, features), unmodelled);
    }

    /** Item ids of a ranking; nodes past the model's items are items {@link AnnRetriever#addItem added} to its index. */
    private static List<ScoredItem> named(ModelSnapshot snap, Retriever.Ranked r, Retriever retriever) {
        int n = snap.model().numItems();
        List<ScoredItem> out = new ArrayList<>(r.items().length);
        for (int i = 0; i < r.items().length; i++) {
            int item = r.items()[i];
            String id = item < n ? snap.itemIds().id(item)
                    : retriever instanceof AnnRetriever ann ? ann.addedItemId(snap.model(), item) : null;
            if (id != null) {
                out.add(new ScoredItem(id, r.scores()[i]));
            }
        }
        return out;
    }
}
