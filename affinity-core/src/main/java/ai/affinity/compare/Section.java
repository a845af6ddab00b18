package ai.affinity.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sections of {@code affinity compare}, in report order, with the methods each one considers by
 * default. Which of them run is decided by what is registered in
 * {@link ai.affinity.model.AlgorithmRegistry} (deep models appear once the CLI has registered them) and
 * by what the data supports ({@link DataCapabilities}).
 */
public enum Section {
    // Defaults: the strongest representatives of each side for the question the section asks, so that a default
    // run fits its time limit; any registered model can be added with --traditional / --deep.
    WARM(1, "warm", "Warm accuracy (random holdout)",
            List.of("pop", "itemknn", "ials", "ease"), List.of("multvae", "neumf")),
    SEQUENTIAL(2, "sequential", "Sequential next item (leave-last-out)",
            List.of("pop", "itemknn", "ials", "ease"), List.of("sasrec", "multvae")),
    COLD_ITEMS(3, "cold-items", "Cold items (items unseen in training)",
            List.of("tfidf"), List.of("hybrid")),
    COLD_USERS(4, "cold-users", "Cold users (first events revealed at query time)",
            List.of("pop", "segpop", "itemknn", "ials"), List.of("multvae", "hybrid")),
    DRIFT(5, "drift", "Drift (global temporal split and rolling time windows)",
            List.of("pop", "itemknn", "ials"), List.of("sasrec", "multvae")),
    ABLATION(6, "ablation", "Content ablation (the hybrid model with each input removed)",
            List.of(), List.of("hybrid"));

    private final int number;
    private final String id;
    private final String title;
    private final List<String> traditional;
    private final List<String> deep;

    Section(int number, String id, String title, List<String> traditional, List<String> deep) {
        this.number = number;
        this.id = id;
        this.title = title;
        this.traditional = traditional;
        this.deep = deep;
    }

    public int number() {
        return number;
    }

    /** Command-line name, e.g. {@code "cold-items"}. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Traditional methods considered by default. */
    public List<String> defaultTraditional() {
        return traditional;
    }

    /** Deep methods considered by default. */
    public List<String> defaultDeep() {
        return deep;
    }

    /**
     * Parses a comma-separated list of section ids or numbers ({@code "warm,3,drift"}), or
     * {@code "all"}; returns them in report order without duplicates.
     */
    public static List<Section> parseList(String list) {
        List<Section> out = new ArrayList<>();
        if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("all")) {
            return List.of(values());
        }
        boolean[] chosen = new boolean[values().length];
        for (String part : list.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            Section found = null;
            for (Section s : values()) {
                if (s.id.equals(p) || Integer.toString(s.number).equals(p)) {
                    found = s;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown section '" + part.trim() + "'; known: " + ids()
                        + " (or their numbers 1-6, or all)");
            }
            chosen[found.ordinal()] = true;
        }
        for (Section s : values()) {
            if (chosen[s.ordinal()]) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every id, comma-separated, in report order. */
    public static String ids() {
        List<String> ids = new ArrayList<>();
        for (Section s : values()) {
            ids.add(s.id);
        }
        return String.join(", ", ids);
    }
}
