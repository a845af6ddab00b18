package ai.affinity.compare;

import ai.affinity.data.Dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rough estimate of a {@link Compare} run's wall time, printed before it starts: fits per method and
 * section (tuning trials, repeats, drift windows) times a per-fit cost. The costs are what fits took on
 * ml-100k (80k training events, 1,682 items) on the project's shared 2-core machine at load average
 * 3-25 (tuning trials of the default compare, 2026-11-27: SASRec about 2 s per epoch, up to 200 epochs;
 * the hybrid from earlier runs), scaled linearly by training events, and EASE by the cube of the
 * catalogue (its inverse); deep costs assume early stopping ends a trial near the middle of its epoch range. An estimate, not a promise:
 * load and early stopping move it by a factor of two either way.
 */
public final class Plan {
    /** Seconds per fit at the reference size; unknown models get {@link #UNKNOWN_SECONDS}. */
    static final Map<String, Double> SECONDS_PER_FIT = Map.ofEntries(
            Map.entry("pop", 0.1), Map.entry("random", 0.1), Map.entry("segpop", 0.2), Map.entry("tfidf", 1.0),
            Map.entry("itemknn", 0.3), Map.entry("userknn", 1.0), Map.entry("bpr", 3.6), Map.entry("ials", 1.1),
            Map.entry("ease", 1.1), Map.entry("multvae", 25.0), Map.entry("sasrec", 300.0),
            Map.entry("neumf", 35.0), Map.entry("twotower", 30.0), Map.entry("hybrid", 40.0));
    static final double UNKNOWN_SECONDS = 10.0;
    static final double REFERENCE_EVENTS = 80_000;
    static final double REFERENCE_ITEMS = 1_682;

    private Plan() {
    }

    /** Estimated seconds of one fit of {@code model} on {@code data}. */
    public static double fitSeconds(String model, Dataset data) {
        double base = SECONDS_PER_FIT.getOrDefault(model, UNKNOWN_SECONDS);
        double events = Math.max(1, data.interactions().numEvents()) * (1 - Compare.TEST_FRACTION);
        double scale = events / REFERENCE_EVENTS;
        if (model.equals("ease")) {
            scale = Math.max(scale, Math.pow(data.interactions().numItems() / REFERENCE_ITEMS, 3));
        }
        return base * scale;
    }

    /** Share of the default epochs a spec that fixes {@code epochs} trains (quick runs, --deep NAME:epochs=E). */
    static double epochShare(Compare.Method m) {
        String fixed = m.fixed().get("epochs");
        if (fixed == null) {
            return 1;
        }
        try {
            Object d = ai.affinity.model.AlgorithmRegistry.defaults(m.name()).get("epochs");
            return d instanceof Number n && n.doubleValue() > 0 ? Math.min(1, Double.parseDouble(fixed) / n.doubleValue()) : 1;
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /**
     * Estimated seconds per section, in run order (a section that will be skipped costs 0), with one line per
     * section appended to {@code lines}: its methods with their fit counts and seconds.
     */
    public static Map<Section, Double> estimate(Dataset data, CompareOptions o, List<String> lines) {
        DataCapabilities caps = DataCapabilities.of(data);
        Map<Section, Double> out = new LinkedHashMap<>();
        java.util.Set<String> tunedFamilies = new java.util.HashSet<>();
        for (Section s : o.sections()) {
            if (Compare.skipReason(s, caps, o) != null) {
                out.put(s, 0.0);
                lines.add(String.format(Locale.ROOT, "  %d %-11s skipped", s.number(), s.id()));
                continue;
            }
            List<Compare.Method> methods = new java.util.ArrayList<>(Compare.methods(s, Compare.TRADITIONAL,
                    o.traditional(), caps, o, new java.util.ArrayList<>(), data));
            methods.addAll(Compare.methods(s, Compare.DEEP, o.deep(), caps, o, new java.util.ArrayList<>(), data));
            double total = 0;
            StringBuilder b = new StringBuilder();
            for (Compare.Method m : methods) {
                boolean reused = !tunedFamilies.add(Compare.tuningKey(s, m));
                int fits = (reused ? 0 : o.budget()) + o.repeats();
                if (s == Section.ABLATION) {
                    fits = (reused ? 0 : o.budget()) + o.repeats() * (1 + caps.modalities().size());
                }
                double secs = fits * fitSeconds(m.name(), data) * epochShare(m);
                total += secs;
                b.append(String.format(Locale.ROOT, " %s %dx~%.0fs", m.name(), fits, secs / fits));
            }
            if (s == Section.DRIFT) {
                // Each window refits the two finalists; the slowest method of each side bounds them.
                double trad = 0;
                double deep = 0;
                for (Compare.Method m : methods) {
                    double f = fitSeconds(m.name(), data);
                    if (m.side().equals(Compare.DEEP)) {
                        deep = Math.max(deep, f);
                    } else {
                        trad = Math.max(trad, f);
                    }
                }
                total += o.windows() * (trad + deep);
                b.append(String.format(Locale.ROOT, " windows %dx~%.0fs", o.windows(), trad + deep));
            }
            out.put(s, total);
            lines.add(String.format(Locale.ROOT, "  %d %-11s ~%5.0f s:%s", s.number(), s.id(), total, b));
        }
        return out;
    }
}
