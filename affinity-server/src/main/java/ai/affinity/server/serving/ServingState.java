package ai.affinity.server.serving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.affinity.data.Dataset;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.server.retrieval.BruteForceRetriever;
import ai.affinity.server.retrieval.Retriever;
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
 * either the old or the new model whole and never fails because of a swap.
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
     * Fits every arm on the data set plus every stored interaction committed so far, records each as a
     * model version and swaps it in. A failing fit leaves that arm's previous snapshot serving (and is
     * rethrown when the arm has none yet). Returns the new snapshots.
     */
    public synchronized List<ModelSnapshot> refit() {
        long through = store.lastEventSeq();
        TrainingSet ts = TrainingSet.build(base, store, through);
        List<ModelSnapshot> out = new ArrayList<>();
        for (Map.Entry<String, String> arm : specs.entrySet()) {
            long t0 = System.nanoTime();
            try {
                Algorithm<?> algo = AlgorithmRegistry.create(arm.getValue());
                Model model = algo.fit(ts.data(), new FitContext(seed, threads, null));
                double secs = (System.nanoTime() - t0) / 1e9;
                long version = store.recordModelVersion(arm.getKey(), arm.getValue(), through, ts.userIds().size(),
                        ts.itemIds().size(), secs);
                ModelSnapshot snap = new ModelSnapshot(arm.getKey(), arm.getValue(), version, model, ts.userIds(),
                        ts.itemIds(), ts.data().train(), through, System.currentTimeMillis(), secs);
                current.get(arm.getKey()).set(snap);
                out.add(snap);
            } catch (RuntimeException e) {
                if (current.get(arm.getKey()).get() == null) {
                    throw e;
                }
                LOG.warn("refit of arm " + arm.getKey() + " failed; the previous model keeps serving", e);
            }
        }
        return out;
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

    /** Replaces the retrieval path (e.g. an ANN index once built); takes effect for the next request. */
    public void setRetriever(Retriever r) {
        this.retriever = r == null ? BruteForceRetriever.INSTANCE : r;
    }
}
