package ai.affinity.compare;

import java.util.Arrays;
import java.util.List;

/**
 * Settings of one {@link Compare} run.
 *
 * @param budget        tuning trials per method and section on the validation carve-out, defaults included (>= 1);
 *                      the same for every method
 * @param repeats       seeded repeats of each section's test evaluation (>= 1); repeat {@code r} uses seed
 *                      {@code seed + r} for the split and every fit
 * @param seed          base seed of tuning, splits, fits and bootstrap
 * @param sections      the sections to run, in report order
 * @param ks            cutoffs; verdicts use the primary one (10 when present)
 * @param traditional   traditional method specs ({@code name} or {@code name:key=value,...}), or null for each
 *                      section's defaults; given parameters are held fixed during tuning
 * @param deep          deep method specs, or null for each section's defaults
 * @param quick         a shortened run: deep models' epochs are capped at {@code quickEpochs} unless a spec fixes them
 * @param quickEpochs   the epoch cap of a quick run (>= 1)
 * @param threads       threads for fits and evaluation (>= 1)
 * @param windows       rolling time windows in the drift section (>= 1)
 * @param alpha         significance threshold of the verdicts, in (0, 1)
 * @param hybrid        registry name of the hybrid content model the ablation section looks up
 */
public record CompareOptions(int budget, int repeats, long seed, List<Section> sections, int[] ks,
                             List<String> traditional, List<String> deep, boolean quick, int quickEpochs, int threads,
                             int windows, double alpha, String hybrid) {
    /** The ablation section's model unless told otherwise. */
    public static final String HYBRID = "hybrid";

    public CompareOptions {
        if (budget < 1) {
            throw new IllegalArgumentException("--budget must be >= 1 trial, got " + budget);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        }
        if (sections == null || sections.isEmpty()) {
            throw new IllegalArgumentException("at least one section is required; known: " + Section.ids());
        }
        sections = List.copyOf(sections);
        if (ks == null || ks.length == 0) {
            throw new IllegalArgumentException("at least one cutoff k is required");
        }
        ks = ks.clone();
        Arrays.sort(ks);
        if (ks[0] < 1) {
            throw new IllegalArgumentException("cutoffs must be >= 1, got " + ks[0]);
        }
        traditional = traditional == null ? null : List.copyOf(traditional);
        deep = deep == null ? null : List.copyOf(deep);
        if (quickEpochs < 1) {
            throw new IllegalArgumentException("quick epochs must be >= 1, got " + quickEpochs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (windows < 1) {
            throw new IllegalArgumentException("--windows must be >= 1, got " + windows);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        hybrid = hybrid == null || hybrid.isBlank() ? HYBRID : hybrid.trim();
    }

    /** Every section, k = 5, 10, 20, default methods, 4 windows, alpha 0.05. */
    public static CompareOptions defaults(int budget, int repeats, long seed, int threads) {
        return new CompareOptions(budget, repeats, seed, List.of(Section.values()), new int[] {5, 10, 20}, null, null,
                false, 10, threads, 4, Verdict.DEFAULT_ALPHA, HYBRID);
    }

    public CompareOptions withSections(List<Section> s) {
        return new CompareOptions(budget, repeats, seed, s, ks, traditional, deep, quick, quickEpochs, threads, windows,
                alpha, hybrid);
    }

    public CompareOptions withMethods(List<String> trad, List<String> dp) {
        return new CompareOptions(budget, repeats, seed, sections, ks, trad, dp, quick, quickEpochs, threads, windows,
                alpha, hybrid);
    }

    public CompareOptions withHybrid(String name) {
        return new CompareOptions(budget, repeats, seed, sections, ks, traditional, deep, quick, quickEpochs, threads,
                windows, alpha, name);
    }

    /** The cutoff of the verdicts: 10 when evaluated, else the middle one. */
    public int primaryK() {
        return ai.affinity.eval.Experiment.primaryK(ks);
    }
}
