package ai.affinity.compare;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.model.AlgorithmRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The run-time plan of a {@link Compare} run: an estimate of its wall time, printed before it starts, and
 * {@link #fit the settings that bring it within a time limit}.
 *
 * <p>The estimate counts fits per method and section (tuning trials, repeats, ablation variants, drift
 * windows) and multiplies them by a per-fit cost model: seconds measured for each method on this project's
 * 2-core machine, quiet (2026-11-27), on ml-100k (80k training events, 943 users, 1,682 items) and
 * synthetic:medium (800k events, 20,000 users, 10,000 items), as a function of training events, users and items
 * (Mult-VAE by users x items, EASE by items cubed, the rest by events), plus the evaluation of every fit. Deep
 * models cost per epoch times the epochs they are expected to train: the cap when one applies, else 80% of their
 * default epochs (early stopping). An estimate, not a promise: load and early stopping move it by a factor of two
 * either way, and the deterministic choice of settings (same data, same options, same plan) keeps runs
 * reproducible.
 */
public final class Plan {
    /** The share of the limit the planner aims at, leaving room for the estimate's error. */
    static final double TARGET_SHARE = 0.85;
    /** The user sample is never cut below this many users. */
    static final int MIN_USER_SAMPLE = 1_000;
    /** Above this many users the sample comes before the cap on deep training. */
    static final int LARGE_DATA_USERS = 5_000;

    private Plan() {
    }

    /** The sizes the cost model reads: training events, users with events, items, and which media items carry. */
    record Size(double events, double users, double items, boolean image, boolean audio) {
        static Size of(Dataset data, int userSample) {
            Interactions x = data.interactions();
            double users = Math.max(1, x.numActiveUsers());
            double share = userSample > 0 && userSample < users ? userSample / users : 1;
            double events = Math.max(1, x.numEvents()) * (1 - Compare.TEST_FRACTION) * share;
            List<String> media = DataCapabilities.of(data).modalities();
            return new Size(events, users * share, Math.max(1, x.numItems()), media.contains(DataCapabilities.IMAGE),
                    media.contains(DataCapabilities.AUDIO));
        }

        /** The hybrid's per-event cost grows with the image and audio encoders in its item tower. */
        double mediaFactor() {
            return 1 + (image ? 0.45 : 0) + (audio ? 0.45 : 0);
        }
    }

    /** Seconds of one epoch of a deep model, or NaN for a model that is not trained in epochs. */
    static double secondsPerEpoch(String model, Size z) {
        return switch (model) {
            // Measured per epoch, quiet: Mult-VAE 0.19 s on ml-100k, 20 s on synthetic:medium (users x items);
            // SASRec 1.3 s and 43 s (sequences padded to max_len: users); NeuMF 0.58 s and 11 s (events).
            case "multvae" -> 0.05 + 1.0e-7 * z.users() * z.items();
            case "sasrec" -> 1.8e-3 * z.users();
            case "neumf" -> 1.0e-5 * z.events();
            case "twotower" -> 4.0e-5 * z.events();
            case "hybrid" -> 5.0e-5 * z.events() * z.mediaFactor();
            default -> Double.NaN;
        };
    }

    /** Estimated seconds of one fit plus its evaluation, at {@code epochCap} (0: none) for deep models. */
    static double fitSeconds(String model, Size z, int epochCap) {
        double e = z.events();
        double perEpoch = secondsPerEpoch(model, z);
        if (!Double.isNaN(perEpoch)) {
            double epochs = expectedEpochs(model, epochCap);
            // The hybrid reads every item's content vectors per fit (from the disk cache after the first run; a
            // first MiniLM pass over item text costs far more and is not in this estimate).
            double setup = model.equals("hybrid") ? 1 + 2e-4 * z.items() : 0.5;
            return setup + 1.1 * perEpoch * epochs + 6e-8 * z.users() * z.items();
        }
        double fit = switch (model) {
            case "pop", "random" -> 0.02 + 2e-7 * e;
            case "segpop" -> 0.05 + 5e-7 * e;
            case "tfidf" -> 0.1 + 2e-6 * e;
            case "itemknn" -> 0.05 + 5e-7 * e;
            case "userknn" -> 0.2 + 1.2e-5 * e;
            case "bpr" -> 3.5e-5 * e;
            case "ials" -> 0.1 + 3.8e-6 * e;
            case "ease" -> 0.05 + 3.5e-11 * Math.pow(z.items(), 3) + 1e-6 * e;
            default -> 1e-4 * e; // an unknown model: assume a slow traditional one
        };
        return fit + 3.5e-8 * z.users() * z.items();
    }

    /** Estimated seconds of one fit of {@code model} on {@code data} with no cap and no sample. */
    public static double fitSeconds(String model, Dataset data) {
        return fitSeconds(model, Size.of(data, 0), 0);
    }

    /** Epochs a deep model is expected to train: 80% of its default (early stopping), or the cap when that is lower. */
    static double expectedEpochs(String model, int epochCap) {
        double defaults = defaultEpochs(model);
        double capped = epochCap > 0 ? Math.min(epochCap, defaults) : defaults;
        return Math.min(capped, 0.8 * defaults);
    }

    /** A model's default epochs, 20 for one that is not registered in this build. */
    static double defaultEpochs(String model) {
        try {
            Object d = AlgorithmRegistry.defaults(model).get("epochs");
            if (d instanceof Number n && n.doubleValue() > 0) {
                return n.doubleValue();
            }
        } catch (RuntimeException e) {
            // not registered in this build: the generic default
        }
        return 20;
    }

    /** The epochs a method trains in this run: a fixed {@code epochs} in its spec wins over the run's caps. */
    static int methodCap(Compare.Method m, CompareOptions o, Dataset data) {
        String fixed = m.fixed().get("epochs");
        if (fixed != null) {
            try {
                return Math.max(1, (int) Double.parseDouble(fixed));
            } catch (NumberFormatException e) {
                return epochCap(m.name(), o, data);
            }
        }
        return epochCap(m.name(), o, data);
    }

    /**
     * The most epochs deep model {@code model} trains in a run with {@code o} (0: no cap): the quick cap, and the
     * epochs that fit {@link CompareOptions#trainSeconds()} at the model's estimated cost per epoch on
     * {@code data} (may be null: no time cap), whichever is lower. Deterministic: it reads sizes, not clocks.
     */
    public static int epochCap(String model, CompareOptions o, Dataset data) {
        int cap = o.quick() ? o.quickEpochs() : 0;
        if (o.trainSeconds() > 0 && data != null) {
            double perEpoch = secondsPerEpoch(model, Size.of(data, o.userSample()));
            if (!Double.isNaN(perEpoch)) {
                int byTime = (int) Math.max(1, Math.floor(o.trainSeconds() / (1.1 * perEpoch)));
                cap = cap == 0 ? byTime : Math.min(cap, byTime);
            }
        }
        return cap;
    }

    /**
     * Estimated seconds per section, in run order (a section that will be skipped costs 0), with one line per
     * section appended to {@code lines}: its methods with their fit counts and seconds.
     */
    public static Map<Section, Double> estimate(Dataset data, CompareOptions o, List<String> lines) {
        DataCapabilities caps = DataCapabilities.of(data);
        Size z = Size.of(data, o.userSample());
        Map<Section, Double> out = new LinkedHashMap<>();
        Set<String> tuned = new HashSet<>();
        for (Section s : o.sections()) {
            if (Compare.skipReason(s, caps, o) != null) {
                out.put(s, 0.0);
                lines.add(String.format(Locale.ROOT, "  %d %-11s skipped", s.number(), s.id()));
                continue;
            }
            List<Compare.Method> methods = new ArrayList<>(Compare.methods(s, Compare.TRADITIONAL,
                    o.traditional(), caps, o, new ArrayList<>(), data));
            methods.addAll(Compare.methods(s, Compare.DEEP, o.deep(), caps, o, new ArrayList<>(), data));
            double total = 0;
            StringBuilder b = new StringBuilder();
            double tradWindow = 0;
            double deepWindow = 0;
            for (Compare.Method m : methods) {
                boolean reused = !tuned.add(Compare.tuningKey(s, m, o.tuneOnce()));
                // The ablation fits each variant; the full model's fits come from the cold-item section when it ran.
                boolean fullFitted = o.sections().contains(Section.COLD_ITEMS) && out.get(Section.COLD_ITEMS) != null
                        && out.get(Section.COLD_ITEMS) > 0;
                int fits = (reused ? 0 : o.budget()) + (s == Section.ABLATION
                        ? o.effectiveAblationRepeats() * ((fullFitted ? 0 : 1) + caps.modalities().size()) : o.repeats());
                double one = fitSeconds(m.name(), z, methodCap(m, o, data));
                total += fits * one;
                b.append(String.format(Locale.ROOT, " %s %dx~%.0fs", m.name(), fits, one));
                if (m.side().equals(Compare.DEEP)) {
                    deepWindow = Math.max(deepWindow, one);
                } else {
                    tradWindow = Math.max(tradWindow, one);
                }
            }
            if (s == Section.DRIFT) {
                // Each window refits the two finalists on a part of the events; the slowest of each side bounds them.
                double w = Compare.WINDOW_SPAN * o.windows() * (tradWindow + deepWindow);
                total += w;
                b.append(String.format(Locale.ROOT, " windows %dx~%.0fs", o.windows(), w / o.windows()));
            }
            out.put(s, total);
            lines.add(String.format(Locale.ROOT, "  %d %-11s ~%5.0f s:%s", s.number(), s.id(), total, b));
        }
        return out;
    }

    /** Total estimated seconds of a run with {@code o}. */
    public static double total(Dataset data, CompareOptions o) {
        return estimate(data, o, new ArrayList<>()).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * The planner's choice: the options to run and, in order, each reduction it made.
     *
     * @param estimateSeconds estimated wall time of {@link #options()}
     */
    public record Fitted(CompareOptions options, List<String> reductions, double estimateSeconds, double limitSeconds) {
        public Fitted {
            reductions = List.copyOf(reductions);
        }

        /** True when even the smallest plan is estimated above the limit. */
        public boolean overLimit() {
            return limitSeconds > 0 && estimateSeconds > limitSeconds;
        }
    }

    /**
     * Settings that bring the estimate within {@code limitSeconds} (0: no limit; the options are returned as
     * they are). Reductions are tried in a fixed order, each kept once made, until the estimate is at most
     * {@link #TARGET_SHARE} of the limit: tuning trials to 6, repeats to 2, one tuning per method for the whole
     * run, one repeat of the content ablation, a user sample halved down to {@value #LARGE_DATA_USERS} users, deep training capped at about 300, 120, 60 s per fit (an epoch cap per
     * model, {@link #epochCap}), tuning trials to 4, 3, 2, a user sample halved down to {@value #MIN_USER_SAMPLE} users,
     * training capped at 40, 30, 20, 10 s per fit. Trials and repeats
     * the user set ({@code budgetFixed}, {@code repeatsFixed}) are never reduced, nor is a user sample they chose. Deterministic: the same data
     * and options give the same plan on any machine.
     */
    public static Fitted fit(Dataset data, CompareOptions o, double limitSeconds, boolean budgetFixed,
                             boolean repeatsFixed) {
        return fit(data, o, limitSeconds, budgetFixed, repeatsFixed, false);
    }

    /** As above; with {@code sampleFixed} the user sample in {@code o} (or none) is kept. */
    public static Fitted fit(Dataset data, CompareOptions o, double limitSeconds, boolean budgetFixed,
                             boolean repeatsFixed, boolean sampleFixed) {
        List<String> reductions = new ArrayList<>();
        double estimate = total(data, o);
        if (limitSeconds <= 0) {
            return new Fitted(o, reductions, estimate, 0);
        }
        double target = TARGET_SHARE * limitSeconds;
        int activeUsers = data.interactions().numActiveUsers();
        CompareOptions cur = o;
        List<java.util.function.UnaryOperator<CompareOptions>> steps = new ArrayList<>();
        if (!budgetFixed) {
            steps.add(c -> c.budget() > 6 ? c.withPlan(6, c.repeats(), c.trainSeconds(), c.userSample(), c.tuneOnce()) : c);
        }
        if (!repeatsFixed) {
            steps.add(c -> c.repeats() > 2 ? c.withPlan(c.budget(), 2, c.trainSeconds(), c.userSample(), c.tuneOnce()) : c);
        }
        steps.add(c -> c.withPlan(c.budget(), c.repeats(), c.trainSeconds(), c.userSample(), true));
        steps.add(c -> c.effectiveAblationRepeats() > 1 ? c.withAblationRepeats(1) : c);
        // Large data is sampled before deep training is cut: a capped fit on all users trains few epochs, while
        // the same seconds on fewer users train a model nearer the one the method would be.
        for (int n = activeUsers / 2; !sampleFixed && n >= LARGE_DATA_USERS; n /= 2) {
            int sample = n;
            steps.add(c -> c.withPlan(c.budget(), c.repeats(), c.trainSeconds(), sample, c.tuneOnce()));
        }
        for (int secs : new int[] {300, 120, 60}) {
            steps.add(c -> capAt(c, secs));
        }
        if (!budgetFixed) { // fewer trials before fewer epochs: an under-trained deep model says less than an untuned one
            for (int b : new int[] {4, 3, 2}) {
                steps.add(c -> c.budget() > b ? c.withPlan(b, c.repeats(), c.trainSeconds(), c.userSample(), c.tuneOnce()) : c);
            }
        }
        for (int n = activeUsers / 2; !sampleFixed && n >= MIN_USER_SAMPLE; n /= 2) {
            int sample = n;
            steps.add(c -> c.userSample() == 0 || c.userSample() > sample
                    ? c.withPlan(c.budget(), c.repeats(), c.trainSeconds(), sample, c.tuneOnce()) : c);
        }
        for (int secs : new int[] {40, 30, 20, 10}) {
            steps.add(c -> capAt(c, secs));
        }
        for (java.util.function.UnaryOperator<CompareOptions> step : steps) {
            if (estimate <= target) {
                break;
            }
            CompareOptions next = step.apply(cur);
            if (next.equals(cur)) {
                continue;
            }
            double after = total(data, next);
            if (after >= estimate) {
                continue; // e.g. an ablation setting on data without content: no time saved, nothing to report
            }
            reductions.add(String.format(Locale.ROOT, "%s: ~%.0f -> ~%.0f s", describe(cur, next, data),
                    estimate, after));
            cur = next;
            estimate = after;
        }
        return new Fitted(cur, reductions, estimate, limitSeconds);
    }

    private static CompareOptions capAt(CompareOptions c, int seconds) {
        int current = c.trainSeconds();
        return current == 0 || current > seconds ? c.withPlan(c.budget(), c.repeats(), seconds, c.userSample(),
                c.tuneOnce()) : c;
    }

    private static String describe(CompareOptions from, CompareOptions to, Dataset data) {
        int activeUsers = data.interactions().numActiveUsers();
        if (to.budget() != from.budget()) {
            return "tuning trials " + from.budget() + " -> " + to.budget();
        }
        if (to.repeats() != from.repeats()) {
            return "repeats " + from.repeats() + " -> " + to.repeats();
        }
        if (to.effectiveAblationRepeats() != from.effectiveAblationRepeats()) {
            return "content ablation with " + to.effectiveAblationRepeats() + " repeat";
        }
        if (to.tuneOnce() != from.tuneOnce()) {
            return "each method tuned once for the whole run (same budget for all), not once per section";
        }
        if (to.userSample() != from.userSample()) {
            return String.format(Locale.ROOT, "user sample %,d of %,d users", to.userSample(), activeUsers);
        }
        StringBuilder epochs = new StringBuilder();
        for (String model : List.of("multvae", "sasrec", "neumf", "twotower", "hybrid")) {
            int cap = epochCap(model, to, data);
            int defaults = (int) defaultEpochs(model);
            if (AlgorithmRegistry.names().contains(model) && cap > 0 && cap < defaults) {
                epochs.append(epochs.length() == 0 ? "" : ", ").append(model).append(' ').append(cap);
            }
        }
        return "deep training capped at ~" + to.trainSeconds() + " s per fit (epochs: "
                + (epochs.length() == 0 ? "no model capped" : epochs) + ")";
    }
}
