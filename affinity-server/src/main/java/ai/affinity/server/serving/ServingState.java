package ai.affinity.server.serving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.affinity.data.Dataset;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.IncrementalAlgorithm;
import ai.affinity.model.Model;
import ai.affinity.server.retrieval.BruteForceRetriever;
import ai.affinity.server.retrieval.Retriever;
import ai.affinity.server.store.ItemRecord;
import ai.affinity.server.store.Store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the server answers from: the start-up data set, the store, the experiment and, per arm, an
 * {@link AtomicReference} to the current {@link ModelSnapshot}. {@link #refit()} fits every arm on the
 * data set plus the store's events and swaps each arm's snapshot in one atomic step, so a request sees
 * either the old or the new model whole and never fails because of a swap; {@link #update()} does the
 * same with warm-started incremental updates where an arm's algorithm supports them. Items stored
 * between refits are placed by content at once ({@link #itemStored}).
 *
 * <p>Thread-safe: reads are lock-free; refits are serialised.
 */
public final class ServingState {
    private static final Logger LOG = LoggerFactory.getLogger(ServingState.class);

    private final Dataset base;
    private final Store store;
    private final Experiment experiment;
    private final Map<String, String> specs;
    private final Map<String, AtomicReference<ModelSnapshot>> current = new LinkedHashMap<>();
    private final long seed;
    private final int threads;
    private volatile Retriever retriever = BruteForceRetriever.INSTANCE;
    private volatile CatalogIndex catalog;
    private volatile ContentIndex.Factory contentIndexFactory = TfIdfContentIndex::build;
    private volatile int fullRefitEvery = 10;
    private final Map<String, Integer> incrementalRuns = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ColdItem> fresh = new java.util.concurrent.ConcurrentHashMap<>();

    private ServingState(Dataset base, Store store, Experiment experiment, Map<String, String> specs, long seed, int threads) {
        this.base = base;
        this.store = store;
        this.experiment = experiment;
        this.specs = specs;
        this.seed = seed;
        this.threads = threads;
        for (String arm : specs.keySet()) {
            current.put(arm, new AtomicReference<>());
        }
    }

    /**
     * Validates the specs, fits every arm once (blocking) and returns the state.
     *
     * @param armSpecs arm name → algorithm spec (e.g. {@code "ease" → "ease:lambda=500"}), in arm order
     * @throws IllegalArgumentException for an unknown model or bad parameters (before anything is fitted)
     */
    public static ServingState start(Dataset base, Store store, String experimentName, Map<String, String> armSpecs,
                                     long seed, int threads) {
        if (armSpecs.isEmpty()) {
            throw new IllegalArgumentException("at least one model (arm) is required");
        }
        for (String spec : armSpecs.values()) {
            AlgorithmRegistry.create(spec);
        }
        Map<String, String> specs = Collections.unmodifiableMap(new LinkedHashMap<>(armSpecs));
        ServingState s = new ServingState(base, store, new Experiment(experimentName, List.copyOf(specs.keySet())),
                specs, seed, Math.max(1, threads));
        s.refit();
        return s;
    }

    /**
     * Arm names from model specs: the algorithm name ({@code "ease:lambda=500"} → {@code "ease"}), with
     * {@code "-2"}, {@code "-3"}… appended to repeats.
     */
    public static Map<String, String> armsFromSpecs(List<String> specs) {
        Map<String, String> arms = new LinkedHashMap<>();
        for (String spec : specs) {
            String s = spec.trim();
            int colon = s.indexOf(':');
            String name = colon < 0 ? s : s.substring(0, colon);
            String arm = name;
            for (int n = 2; arms.containsKey(arm); n++) {
                arm = name + "-" + n;
            }
            arms.put(arm, s);
        }
        return arms;
    }

    /**
     * Fits every arm from scratch on the data set plus every stored interaction committed so far, records
     * each as a model version and swaps it in. A failing fit leaves that arm's previous snapshot serving
     * (and is rethrown when the arm has none yet). Returns the new snapshots.
     */
    public synchronized List<ModelSnapshot> refit() {
        return fitAll(true);
    }

    /**
     * Online step of the background updater: arms whose algorithm is an {@link IncrementalAlgorithm} that
     * can update their current model get a warm-started incremental update from the events newer than
     * it (e.g. iALS re-solves the touched users and items); the others, and every arm after
     * {@link #fullRefitEvery()} consecutive incremental updates, are refitted in full. Swapped in atomically
     * like {@link #refit()}.
     */
    public synchronized List<ModelSnapshot> update() {
        return fitAll(false);
    }

    private List<ModelSnapshot> fitAll(boolean forceFull) {
        long started = System.nanoTime();
        long through = store.lastEventSeq();
        TrainingSet ts = TrainingSet.build(base, store, through);
        CatalogIndex cat = CatalogIndex.build(ts, contentIndexFactory);
        List<ModelSnapshot> out = new ArrayList<>();
        for (Map.Entry<String, String> arm : specs.entrySet()) {
            long t0 = System.nanoTime();
            try {
                Algorithm<?> algo = AlgorithmRegistry.create(arm.getValue());
                ModelSnapshot prev = current.get(arm.getKey()).get();
                int done = incrementalRuns.getOrDefault(arm.getKey(), 0);
                Model model;
                String kind;
                FitContext ctx = new FitContext(seed, threads, null);
                if (!forceFull && prev != null && done < fullRefitEvery && algo instanceof IncrementalAlgorithm<?> inc
                        && inc.canUpdate(prev.model())) {
                    model = inc.update(prev.model(), ts.data(), delta(prev, ts), ctx);
                    kind = ModelSnapshot.INCREMENTAL;
                    incrementalRuns.put(arm.getKey(), done + 1);
                } else {
                    model = algo.fit(ts.data(), ctx);
                    kind = ModelSnapshot.FULL;
                    incrementalRuns.put(arm.getKey(), 0);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                long version = store.recordModelVersion(arm.getKey(), arm.getValue(), through, ts.userIds().size(),
                        ts.itemIds().size(), secs);
                ModelSnapshot snap = new ModelSnapshot(arm.getKey(), arm.getValue(), version, model, ts.userIds(),
                        ts.itemIds(), ts.data().train(), through, System.currentTimeMillis(), secs, cat, kind);
                retriever.prepare(model, placements(arm.getValue(), cat)); // the ANN index: built before the swap, never on a request
                current.get(arm.getKey()).set(snap);
                out.add(snap);
            } catch (RuntimeException e) {
                if (current.get(arm.getKey()).get() == null) {
                    throw e;
                }
                LOG.warn("refit of arm " + arm.getKey() + " failed; the previous model keeps serving", e);
            }
        }
        catalog = cat;
        // Items placed before this build read the store are in the new catalogue now (warm or placed there).
        fresh.values().removeIf(c -> c.placedAtNanos() < started && ts.itemIds().contains(c.itemId()));
        return out;
    }

    /**
     * The content placements of the catalogue's cold items, as the arm serves them: none for arms that score
     * content themselves ({@link RecommendationService#CONTENT_NATIVE}) or without a catalogue.
     */
    static java.util.function.IntFunction<Retriever.Placement> placements(String spec, CatalogIndex cat) {
        if (cat == null || RecommendationService.CONTENT_NATIVE.contains(RecommendationService.algorithmName(spec))) {
            return i -> null;
        }
        return cat::placement;
    }

    /** How the training set {@code ts} relates to the data {@code prev} was fitted on. */
    static IncrementalAlgorithm.Delta delta(ModelSnapshot prev, TrainingSet ts) {
        int prevUsers = prev.train().numUsers();
        int prevItems = prev.model().numItems();
        int nu = ts.data().train().numUsers();
        int ni = ts.data().train().numItems();
        int[] pu = new int[nu];
        int[] pi = new int[ni];
        java.util.BitSet changedUsers = new java.util.BitSet();
        java.util.BitSet changedItems = new java.util.BitSet();
        for (int u = 0; u < nu; u++) {
            int p = prev.userIds().indexOf(ts.userIds().id(u));
            pu[u] = p >= 0 && p < prevUsers ? p : -1;
            if (pu[u] < 0) {
                changedUsers.set(u);
            }
        }
        for (int i = 0; i < ni; i++) {
            int p = prev.itemIds().indexOf(ts.itemIds().id(i));
            pi[i] = p >= 0 && p < prevItems ? p : -1;
            if (pi[i] < 0) {
                changedItems.set(i);
            }
        }
        TrainingSet.Changes ch = ts.changedSince(prev.eventsThrough());
        for (int u : ch.users()) {
            changedUsers.set(u);
        }
        for (int i : ch.items()) {
            changedItems.set(i);
        }
        return new IncrementalAlgorithm.Delta(pu, pi, changedUsers.stream().toArray(), changedItems.stream().toArray());
    }

    /**
     * Makes a stored (new or changed) item recommendable now, without a refit: unless it is warm in the
     * latest catalogue, it is placed among the warm items by content ({@link ContentIndex}) and scored from
     * its neighbours by every arm until a refit includes it. Called by {@code PUT /v1/items} after the store
     * committed the item.
     *
     * @return the placement, or null when the item is warm (the models score it themselves)
     */
    public ColdItem itemStored(ItemRecord item) {
        CatalogIndex cat = catalog;
        if (cat == null || cat.isWarm(item.itemId())) {
            fresh.remove(item.itemId());
            return null;
        }
        if (cat.content() == null) {
            return null;
        }
        ColdItem c = cat.content().place(item.itemId(), TrainingSet.content(item));
        fresh.put(item.itemId(), c);
        return c;
    }

    /** Items stored since the latest catalogue was built (or changed since), with their placements. */
    public java.util.Collection<ColdItem> freshItems() {
        return fresh.values();
    }

    /** The placement of a fresh item, or null. */
    public ColdItem freshItem(String itemId) {
        return fresh.get(itemId);
    }

    /** Consecutive incremental updates an arm may get before the next update is a full refit (default 10). */
    public int fullRefitEvery() {
        return fullRefitEvery;
    }

    /** Sets {@link #fullRefitEvery()}; 0 makes every update a full refit. */
    public void setFullRefitEvery(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("full refit interval must be >= 0, got " + n);
        }
        this.fullRefitEvery = n;
    }

    /**
     * Replaces how cold items are placed by content (default: {@link TfIdfContentIndex}); takes effect at the
     * next refit or update. The hook for content models such as the hybrid two-tower's item tower.
     */
    public void setContentIndexFactory(ContentIndex.Factory factory) {
        this.contentIndexFactory = factory;
    }

    /** Whether the store holds events that some arm's model was not fitted on. */
    public boolean isStale() {
        long last = store.lastEventSeq();
        for (AtomicReference<ModelSnapshot> r : current.values()) {
            ModelSnapshot s = r.get();
            if (s == null || s.eventsThrough() < last) {
                return true;
            }
        }
        return false;
    }

    /** The current snapshot of {@code arm}, or null for an unknown arm. */
    public ModelSnapshot snapshot(String arm) {
        AtomicReference<ModelSnapshot> r = current.get(arm);
        return r == null ? null : r.get();
    }

    public Experiment experiment() {
        return experiment;
    }

    public Store store() {
        return store;
    }

    public Dataset base() {
        return base;
    }

    /** Arm name → algorithm spec, in arm order. */
    public Map<String, String> specs() {
        return specs;
    }

    public Retriever retriever() {
        return retriever;
    }

    /**
     * Replaces the retrieval path; it first {@linkplain Retriever#prepare prepares} every arm's current model
     * (e.g. builds the ANN indexes), then takes effect for the next request; later refits prepare each new
     * model before swapping it in.
     */
    public void setRetriever(Retriever r) {
        Retriever next = r == null ? BruteForceRetriever.INSTANCE : r;
        for (AtomicReference<ModelSnapshot> ref : current.values()) {
            ModelSnapshot s = ref.get();
            if (s != null) {
                next.prepare(s.model(), placements(s.spec(), s.catalog()));
            }
        }
        this.retriever = next;
    }
}
