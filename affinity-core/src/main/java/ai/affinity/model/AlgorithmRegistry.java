package ai.affinity.model;

import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.baseline.RandomRecommender;
import ai.affinity.model.content.TfIdf;
import ai.affinity.model.segment.SegmentPopularity;
import ai.affinity.model.mf.Bpr;
import ai.affinity.model.ease.Ease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import ai.affinity.tune.SearchSpace;

/**
 * Command-line names of algorithms and how to build them from {@code name:key=value,key=value}
 * specs. An explicit map, no reflection; later modules add their algorithms with {@link #register}.
 */
public final class AlgorithmRegistry {
    private static final Map<String, Function<Map<String, String>, Algorithm<?>>> FACTORIES = new TreeMap<>();
    private static final Map<String, SearchSpace> SPACES = new TreeMap<>();

    static {
        register("pop", p -> {
            requireNoParams("pop", p);
            return new Popularity();
        });
        register("random", p -> {
            requireNoParams("random", p);
            return new RandomRecommender();
        });
        register("tfidf", TfIdf::fromParams, TfIdf.SEARCH_SPACE);
        register("segpop", SegmentPopularity::fromParams, SegmentPopularity.SEARCH_SPACE);
        register("bpr", Bpr::fromParams, Bpr.SEARCH_SPACE);
        register("itemknn", ai.affinity.model.knn.ItemKnn::fromParams, ai.affinity.model.knn.ItemKnn.SEARCH_SPACE);
        register("userknn", ai.affinity.model.knn.UserKnn::fromParams, ai.affinity.model.knn.UserKnn.SEARCH_SPACE);
        register(Ease.NAME, Ease::fromParams, Ease.SEARCH_SPACE);
        register("ials", ai.affinity.model.als.Ials::fromParams, ai.affinity.model.als.Ials.SEARCH_SPACE);
    }

    private AlgorithmRegistry() {
    }

    public static synchronized void register(String name, Function<Map<String, String>, Algorithm<?>> factory) {
        register(name, factory, SearchSpace.empty());
    }

    /** Registers an algorithm with the hyperparameter space that {@code affinity tune} searches. */
    public static synchronized void register(String name, Function<Map<String, String>, Algorithm<?>> factory,
                                             SearchSpace space) {
        FACTORIES.put(name, factory);
        SPACES.put(name, space);
    }

    /** The documented search space of {@code name} (empty when it has no hyperparameters). */
    public static synchronized SearchSpace searchSpace(String name) {
        SearchSpace s = SPACES.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", FACTORIES.keySet()));
        }
        return s;
    }

    /** Builds {@code name} with explicit parameters. */
    public static Algorithm<?> create(String name, Map<String, String> params) {
        Function<Map<String, String>, Algorithm<?>> f;
        synchronized (AlgorithmRegistry.class) {
            f = FACTORIES.get(name);
        }
        if (f == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", names()));
        }
        return f.apply(params);
    }

    public static synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(FACTORIES.keySet()));
    }

    /** Builds one algorithm from a spec like {@code "pop"} or {@code "ease:lambda=500"}. */
    public static synchronized Algorithm<?> create(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : s.substring(colon + 1).split("[,;]")) {
                if (kv.isBlank()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("model parameter '" + kv + "' in '" + spec
                            + "' must look like key=value");
                }
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        Function<Map<String, String>, Algorithm<?>> f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", FACTORIES.keySet()));
        }
        return f.apply(params);
    }

    /**
     * Splits a comma-separated list of specs where parameters also use commas: an element without
     * '=' or with ':' before its '=' starts a new spec (e.g. {@code "ease:lambda=500,topk=100,pop"} is two specs).
     */
    public static List<String> splitSpecs(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            // "topk=100" (or "by=user:gender", a value with a colon) continues the previous spec;
            // "pop" or "ease:lambda=500" (a colon before any '=') starts a new one.
            int colon = p.indexOf(':');
            int eq = p.indexOf('=');
            boolean startsNew = current == null || eq < 0 || (colon >= 0 && colon < eq);
            if (startsNew) {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder(p);
            } else {
                current.append(',').append(p);
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /**
     * The hyperparameters {@code name} is built with when none are given, as its
     * {@link Algorithm#params()} reports them.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    public static Map<String, Object> defaults(String name) {
        return create(name, Map.of()).params();
    }

    /**
     * A short description for {@code affinity models}: the name, its defaults and, per searched
     * hyperparameter, the range {@code affinity tune} explores. Lines end with '\n'.
     */
    public static String describe(String name) {
        SearchSpace space = searchSpace(name);
        StringBuilder sb = new StringBuilder(name);
        Map<String, Object> defaults;
        try {
            defaults = defaults(name);
        } catch (RuntimeException e) {
            defaults = null;
        }
        if (defaults == null) {
            sb.append("  (defaults unavailable)");
        } else if (defaults.isEmpty()) {
            sb.append("  (no parameters)");
        } else {
            StringBuilder d = new StringBuilder();
            for (Map.Entry<String, Object> e : defaults.entrySet()) {
                d.append(d.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
            }
            sb.append("  defaults: ").append(d);
        }
        sb.append('\n');
        for (SearchSpace.Param p : space.params()) {
            sb.append("    ").append(p.name()).append(": ").append(p.describe()).append('\n');
        }
        if (!space.isEmpty()) {
            sb.append("    (grid of ").append(space.gridSize()).append(" configurations)\n");
        }
        return sb.toString();
    }

    private static void requireNoParams(String name, Map<String, String> p) {
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "' takes no parameters, got " + p.keySet());
        }
    }
}
