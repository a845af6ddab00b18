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
 * @param trainSeconds  each deep fit trains for at most about this many seconds (0: no cap): the planner turns it
 *                      into an epoch cap per model from its cost model ({@link Plan#epochCap}), so cheap models keep
 *                      their epochs; a quick run caps at {@code quickEpochs} as well; a spec's {@code epochs} wins
 * @param userSample    compare on the events of this many seeded-random users only (0: every user); set by the time
 *                      planner ({@link Plan#fit}) on data too large for the time limit
 * @param tuneOnce      tune each method once, in the first section it appears in, and reuse that configuration in
 *                      the later sections (every method still gets the same budget) instead of once per section
 * @param ablationRepeats seeded repeats of the content ablation (0: {@code repeats}); the planner lowers it first
 *                      because the ablation fits the hybrid once per input and repeat
 */
public record CompareOptions(int budget, int repeats, long seed, List<Section> sections, int[] ks,
                             List<String> traditional, List<String> deep, boolean quick, int quickEpochs, int threads,
                             int windows, double alpha, String hybrid, int trainSeconds, int userSample, boolean tuneOnce,
                             int ablationRepeats) {
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
        if (trainSeconds < 0) {
            throw new IllegalArgumentException("the training-time cap must be >= 0 s (0: none), got " + trainSeconds);
        }
        if (ablationRepeats < 0) {
            throw new IllegalArgumentException("ablation repeats must be >= 0 (0: as --repeats), got " + ablationRepeats);
        }
        if (userSample < 0) {
            throw new IllegalArgumentException("the user sample must be >= 0 (0: every user), got " + userSample);
        }
    }

    /** Settings as before this record had a cap, a sample and tuning reuse: none of the three. */
    public CompareOptions(int budget, int repeats, long seed, List<Section> sections, int[] ks, List<String> traditional,
                          List<String> deep, boolean quick, int quickEpochs, int threads, int windows, double alpha,
                          String hybrid) {
        this(budget, repeats, seed, sections, ks, traditional, deep, quick, quickEpochs, threads, windows, alpha, hybrid,
                0, 0, false, 0);
    }

    /** The same settings with the planner's choices in place of these. */
    public CompareOptions withPlan(int newBudget, int newRepeats, int newTrainSeconds, int newUserSample, boolean newTuneOnce) {
        return new CompareOptions(newBudget, newRepeats, seed, sections, ks, traditional, deep, quick, quickEpochs, threads,
                windows, alpha, hybrid, newTrainSeconds, newUserSample, newTuneOnce, ablationRepeats);
    }

    /** The same settings with {@code n} repeats of the content ablation (0: as the other sections). */
    public CompareOptions withAblationRepeats(int n) {
        return new CompareOptions(budget, repeats, seed, sections, ks, traditional, deep, quick, quickEpochs, threads,
                windows, alpha, hybrid, trainSeconds, userSample, tuneOnce, n);
    }

    /** Repeats of the content ablation. */
    public int effectiveAblationRepeats() {
        return ablationRepeats == 0 ? repeats : Math.min(ablationRepeats, repeats);
    }

    /** Every section, k = 5, 10, 20, default methods, 4 windows, alpha 0.05. */
    public static CompareOptions defaults(int budget, int repeats, long seed, int threads) {
        return new CompareOptions(budget, repeats, seed, List.of(Section.values()), new int[] {5, 10, 20}, null, null,
                false, 10, threads, 4, Verdict.DEFAULT_ALPHA, HYBRID);
    }

    public CompareOptions withSections(List<Section> s) {
        return new CompareOptions(budget, repeats, seed, s, ks, traditional, deep, quick, quickEpochs, threads, windows,
                alpha, hybrid, trainSeconds, userSample, tuneOnce, ablationRepeats);
    }

    public CompareOptions withMethods(List<String> trad, List<String> dp) {
        return new CompareOptions(budget, repeats, seed, sections, ks, trad, dp, quick, quickEpochs, threads, windows,
                alpha, hybrid, trainSeconds, userSample, tuneOnce, ablationRepeats);
    }

    public CompareOptions withHybrid(String name) {
        return new CompareOptions(budget, repeats, seed, sections, ks, traditional, deep, quick, quickEpochs, threads,
                windows, alpha, name, trainSeconds, userSample, tuneOnce, ablationRepeats);
    }

    /** The cutoff of the verdicts: 10 when evaluated, else the middle one. */
    public int primaryK() {
        return ai.affinity.eval.Experiment.primaryK(ks);
    }
}
