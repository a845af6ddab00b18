package ai.affinity.tune;

import ai.affinity.data.Dataset;
import ai.affinity.eval.Comparison;
import ai.affinity.eval.Comparisons;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.Experiment;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.split.Split;
import ai.affinity.split.Validation;
import ai.affinity.util.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hyperparameter search that never looks at the test set.
 *
 * <p>Procedure: carve a validation split out of the test split's <em>training</em> part only
 * ({@link Validation#carve}); try configurations of the algorithm on it — its defaults first, then
 * the full grid of its {@link SearchSpace} when {@code gridSize() <= budget - 1}, else seeded random
 * samples (deduplicated by the hyperparameters they build) up to {@code budget} trials in all;
 * {@link Search#GRID} / {@link Search#RANDOM} force one strategy. Each trial fits on the
 * validation train and is evaluated on the validation test with fewer bootstrap resamples; a
 * configuration that is rejected or throws is recorded as failed and the search goes on. The best
 * trial by the metric's mean (ties: the earlier trial, so the defaults win ties) is refit on the full
 * training part and evaluated on the test split next to the defaults and most-popular, the baseline
 * of the paired tests.
 *
 * <p>Deterministic for a seed: the carve-out, the random configurations, every fit
 * ({@link FitContext#seed()} is the same for every trial, so trials differ only by configuration) and
 * the bootstrap all derive from {@link Options#seed()}. Trials run one after another; each fit may use
 * {@link Options#threads()} threads. Not thread-safe to share a {@link Listener} between runs.
 */
public final class Tuner {
    /** Accuracy metric families the search can maximise. */
    public static final List<String> METRIC_FAMILIES = List.of("precision", "recall", "f1", "ndcg", "map", "mrr", "hit");
    /** The reference model of the final paired tests. */
    public static final String BASELINE = "pop";
    /** Trial parameter: the epoch early stopping kept on validation (models that report it). */
    public static final String BEST_EPOCH = "best_epoch";
    /** Bootstrap resamples per trial: enough for a rough interval, cheap next to a fit. */
    public static final int DEFAULT_TRIAL_BOOTSTRAP = 200;
    /** Share of each training user's events held out for validation by default. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.25;

    private static final long SEARCH_SALT = 0x74756E65_5345524CL;

    /** How configurations beyond the defaults are chosen. */
    public enum Search {
        /** The full grid when it fits the budget, else random samples. */
        AUTO,
        /** The full grid; an error when it does not fit the budget. */
        GRID,
        /** Random samples from the space (ranges drawn continuously, on a log scale where declared). */
        RANDOM;

        /** Parses {@code auto}, {@code grid} or {@code random} (case-insensitive). */
        public static Search parse(String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "auto" -> AUTO;
                case "grid" -> GRID;
                case "random" -> RANDOM;
                default -> throw new IllegalArgumentException("search strategy must be auto, grid or random; got '" + s + "'");
            };
        }
    }

    /**
     * Settings of one tuning run.
     *
     * @param model              registry name of the algorithm to tune
     * @param budget             most trials on validation, defaults included (>= 1)
     * @param metric             selection metric {@code FAMILY@K}, FAMILY one of {@link #METRIC_FAMILIES}
     * @param search             strategy, see {@link Search}
     * @param validationFraction share of each training user's events held out for validation, in (0, 1)
     * @param trialBootstrap     bootstrap resamples per trial (0: the evaluator's default)
     * @param evaluation         cutoffs, ranking mode, threads, seed and resamples of the final test
     *                           evaluation; trials use the same ranking mode, threads and seed, the
     *                           same cutoffs plus the metric's k
     */
    public record Options(String model, int budget, String metric, Search search, double validationFraction,
                          int trialBootstrap, Evaluator.Options evaluation) {
        public Options {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("a model name is required");
            }
            if (budget < 1) {
                throw new IllegalArgumentException("budget must be >= 1 trial, got " + budget);
            }
            metricK(metric);
            search = search == null ? Search.AUTO : search;
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
            }
            if (trialBootstrap < 0) {
                throw new IllegalArgumentException("trial bootstrap resamples must be >= 0, got " + trialBootstrap);
            }
            if (evaluation == null) {
                throw new IllegalArgumentException("evaluation options are required");
            }
        }

        /** Auto search, 25% validation, 200 resamples per trial, final evaluation at k = 5, 10, 20. */
        public static Options of(String model, int budget, String metric, long seed, int threads) {
            return new Options(model, budget, metric, Search.AUTO, DEFAULT_VALIDATION_FRACTION,
                    DEFAULT_TRIAL_BOOTSTRAP, new Evaluator.Options(new int[] {5, 10, 20}, 0, threads, seed, 0));
        }

        public long seed() {
            return evaluation.seed();
        }

        public int threads() {
            return evaluation.threads();
        }
    }

    /** Hears about the search as it goes (e.g. to print the trace). Every method has a no-op default. */
    public interface Listener {
        /** Called once before the first trial. */
        default void planned(String strategy, int trials, long gridSize, Split validation) {
        }

        /** Called after each trial, in search order. */
        default void trialDone(Trial trial, int total) {
        }

        /** Called before each final fit on the full training part ("ease (tuned)", ...). */
        default void finalModel(String name, String spec) {
        }
    }

    private Tuner() {
    }

    /** The cutoff of a metric like {@code "ndcg@10"}; throws with the expected form otherwise. */
    public static int metricK(String metric) {
        String m = metric == null ? "" : metric.trim();
        int at = m.indexOf('@');
        String expected = "expected FAMILY@K with FAMILY one of " + String.join(", ", METRIC_FAMILIES)
                + " and K >= 1, e.g. ndcg@10";
        if (at <= 0 || !METRIC_FAMILIES.contains(m.substring(0, at))) {
            throw new IllegalArgumentException("metric '" + metric + "': " + expected);
        }
        try {
            int k = Integer.parseInt(m.substring(at + 1));
            if (k < 1) {
                throw new NumberFormatException();
            }
            return k;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metric '" + metric + "': " + expected);
        }
    }

    /** The sentence written into every tuned report. */
    public static String selectionStatement(double validationFraction, long seed, String metric) {
        return String.format(Locale.ROOT, "tuned on a validation carve-out of %s%% of training events "
                        + "(per training user, seed %d), selected by %s; test never used for selection",
                percent(validationFraction), seed, metric);
    }

    /**
     * Runs the search on a carve-out of {@code split.train()}, then the final evaluation on {@code split}.
     *
     * @param runInfo  command, seed, machine facts for the final result (copied; tuning facts are added)
     * @param listener hears each trial (may be null)
     * @param progress fit and evaluation progress (may be null)
     * @throws IllegalArgumentException for an unknown model, a forced grid larger than the budget, or when
     *                                  every configuration failed on validation
     */
    public static TuningResult tune(Dataset data, Split split, Options options, Map<String, Object> runInfo,
                                    Listener listener, Progress progress) {
        Listener events = listener == null ? new Listener() { } : listener;
        Progress prog = progress == null ? Progress.silent() : progress;
        String model = options.model();
        Split validation = Validation.carve(split, options.validationFraction(), options.seed());
        Selection selection = select(data, validation, options, Map.of(), events, prog);
        SearchSpace space = AlgorithmRegistry.searchSpace(model);
        String strategy = selection.strategy();
        List<Trial> trials = selection.trials();
        int best = selection.bestIndex();
        int metricK = metricK(options.metric());
        Evaluator.Options base = options.evaluation();
        Trial bestTrial = trials.get(best);
        String bestSpec = selection.bestSpec();

        // Final evaluation on the real test split: tuned, defaults (for reference) and the baseline.
        Evaluator.Options finalOptions = new Evaluator.Options(withK(base.ks(), metricK), base.sampledNegatives(),
                base.threads(), base.seed(), base.bootstrapResamples());
        Evaluator evaluator = new Evaluator(finalOptions);
        TrainingData training = new TrainingData(split.train(), data.items(), data.users(), null);
        Map<String, Fitted> cache = new HashMap<>();
        List<ModelResult> results = new ArrayList<>();
        String tunedName = model + " (tuned)";
        String defaultsName = trials.get(0).failed() ? null : model + " (defaults)";
        results.add(finalResult(tunedName, AlgorithmRegistry.create(model, bestTrial.config()), training, split,
                data, options, evaluator, cache, events, prog));
        if (defaultsName != null) {
            results.add(finalResult(defaultsName, AlgorithmRegistry.create(model, Map.of()), training, split, data,
                    options, evaluator, cache, events, prog));
        }
        results.add(finalResult(BASELINE, AlgorithmRegistry.create(BASELINE, Map.of()), training, split, data,
                options, evaluator, cache, events, prog));

        List<Comparison> comparisons = new ArrayList<>(
                Comparisons.against(results, BASELINE, comparisonMetrics(finalOptions.ks())));
        if (defaultsName != null) {
            // Did tuning help, on the same test users? Only the selection metric, to keep the table short.
            comparisons.addAll(Comparisons.against(results.subList(0, 2), defaultsName, List.of(options.metric())));
        }

        Map<String, Object> protocol = Experiment.protocolFacts(split, finalOptions, results.get(0).users().length);
        protocol.put("model_selection", selectionStatement(options.validationFraction(), options.seed(),
                options.metric()));
        Map<String, Object> run = new LinkedHashMap<>(runInfo == null ? Map.of() : runInfo);
        run.put("tuning", summary(model, strategy, trials, bestTrial, bestSpec, options));
        EvaluationResult test = new EvaluationResult(Experiment.datasetFacts(data), protocol, finalOptions.ks(),
                results, comparisons, run);
        return new TuningResult(model, options.metric(), strategy, options.budget(), space.gridSize(),
                options.validationFraction(), options.seed(), validation.params(), trials, best, bestSpec, test,
                tunedName, defaultsName, BASELINE, validation);
    }

    /**
     * The search alone: what {@link #tune} does before its final evaluation, on a validation split the
     * caller chose (for instance the evaluation protocol applied to the training part, so that cold-item
     * models are selected on cold items). {@code fixed} parameters are given to every trial and not
     * searched (the defaults trial is {@code fixed} alone), e.g. a cap on epochs.
     *
     * @param validation a split of training events only; its test part is what trials are scored on
     * @param fixed      parameters held constant (may be empty)
     * @throws IllegalArgumentException for an unknown model, a forced grid larger than the budget, or when
     *                                  every configuration failed on validation
     */
    public static Selection select(Dataset data, Split validation, Options options, Map<String, String> fixed,
                                   Listener listener, Progress progress) {
        Listener events = listener == null ? new Listener() { } : listener;
        Progress prog = progress == null ? Progress.silent() : progress;
        String model = options.model();
        Map<String, String> held = fixed == null ? Map.of() : fixed;
        SearchSpace space = AlgorithmRegistry.searchSpace(model).without(held.keySet());
        List<Candidate> plan = plan(model, space, held, options.budget(), options.search(), options.seed());
        String strategy = plan.size() == 1 ? "defaults only" : plan.get(1).origin();
        events.planned(strategy, plan.size(), space.gridSize(), validation);
        int metricK = metricK(options.metric());
        Evaluator.Options base = options.evaluation();
        Evaluator trialEvaluator = new Evaluator(new Evaluator.Options(withK(base.ks(), metricK),
                base.sampledNegatives(), base.threads(), base.seed(), options.trialBootstrap()));
        // The validation events go along so that models with early stopping (the deep ones) stop on them;
        // selection reads the same events, so nothing outside the training part is used.
        TrainingData validationTraining = new TrainingData(validation.train(), data.items(), data.users(),
                validation.test());

        List<Trial> trials = new ArrayList<>();
        int best = -1;
        for (Candidate c : plan) {
            Trial t = runTrial(trials.size(), c, model, options, validationTraining, validation, data,
                    trialEvaluator, metricK, prog);
            trials.add(t);
            // Strictly greater: ties keep the earlier trial, so the defaults win a tie.
            if (!t.failed() && (best < 0 || t.value() > trials.get(best).value())) {
                best = t.index();
            }
            events.trialDone(t, plan.size());
        }
        if (best < 0) {
            throw new IllegalArgumentException("every configuration of '" + model + "' failed on validation ("
                    + trials.size() + " tried); first error: " + trials.get(0).error());
        }
        return new Selection(model, strategy, space.gridSize(), trials, best, exactSpec(model, trials.get(best)),
                validation);
    }

    /**
     * What {@link #select} found.
     *
     * @param model      the algorithm's registry name
     * @param strategy   {@code "defaults only"}, {@code "grid"} or {@code "random"}
     * @param gridSize   size of the searched grid (fixed parameters excluded)
     * @param trials     every trial in search order; trial 0 is the defaults (with the fixed parameters)
     * @param bestIndex  index of the selected trial
     * @param bestSpec   the selected configuration as a spec that rebuilds it exactly
     * @param validation the split the trials were scored on
     */
    public record Selection(String model, String strategy, long gridSize, List<Trial> trials, int bestIndex,
                            String bestSpec, Split validation) {
        public Selection {
            trials = List.copyOf(trials);
        }

        public Trial best() {
            return trials.get(bestIndex);
        }
    }

    /** A configuration to try and where it came from. */
    record Candidate(String origin, Map<String, String> config) {
    }

    /**
     * The search order: defaults, then the grid or random samples. Configurations that build the same
     * hyperparameters as an earlier one (e.g. a grid point equal to the defaults) are dropped;
     * ones the algorithm rejects are kept, so their failure is recorded.
     */
    static List<Candidate> plan(String model, SearchSpace space, int budget, Search search, long seed) {
        return plan(model, space, Map.of(), budget, search, seed);
    }

    /** {@link #plan} with {@code fixed} parameters put into every configuration (before the searched ones). */
    static List<Candidate> plan(String model, SearchSpace space, Map<String, String> fixed, int budget, Search search,
                                long seed) {
        List<Candidate> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        out.add(new Candidate("defaults", fixed));
        seen.add(identity(model, fixed));
        if (budget == 1 || space.isEmpty()) {
            return out;
        }
        long grid = space.gridSize();
        boolean useGrid = switch (search) {
            case GRID -> {
                if (grid > budget - 1) {
                    throw new IllegalArgumentException("--search grid: the grid of '" + model + "' has " + grid
                            + " configurations, more than the budget allows after the defaults (" + (budget - 1)
                            + "); raise the budget to " + (grid + 1) + " or use random search");
                }
                yield true;
            }
            case RANDOM -> false;
            case AUTO -> grid <= budget - 1;
        };
        if (useGrid) {
            for (Map<String, String> searched : space.grid()) {
                Map<String, String> config = merged(fixed, searched);
                if (seen.add(identity(model, config))) {
                    out.add(new Candidate("grid", config));
                }
            }
            return out;
        }
        SplittableRandom rng = new SplittableRandom(seed ^ SEARCH_SALT);
        // A small discrete space may hold fewer distinct configurations than the budget: stop trying
        // after many duplicates in a row instead of looping forever.
        int misses = 0;
        while (out.size() < budget && misses < 200) {
            Map<String, String> config = merged(fixed, space.sample(rng));
            if (seen.add(identity(model, config))) {
                out.add(new Candidate("random", config));
                misses = 0;
            } else {
                misses++;
            }
        }
        return out;
    }

    private static Map<String, String> merged(Map<String, String> fixed, Map<String, String> searched) {
        if (fixed.isEmpty()) {
            return searched;
        }
        Map<String, String> m = new LinkedHashMap<>(fixed);
        m.putAll(searched);
        return m;
    }

    /** What a configuration builds ("lambda=500" and "lambda=500.0" are one), or the raw text if rejected. */
    private static String identity(String model, Map<String, String> config) {
        try {
            return "ok:" + new TreeMap<>(AlgorithmRegistry.create(model, config).params());
        } catch (RuntimeException e) {
            return "raw:" + new TreeMap<>(config);
        }
    }

    private static Trial runTrial(int index, Candidate c, String model, Options options, TrainingData training,
                                  Split validation, Dataset data, Evaluator evaluator, int metricK, Progress progress) {
        String spec = spec(model, c.config());
        Map<String, Object> params = null;
        double fitSeconds = 0;
        double evalSeconds = 0;
        try {
            Algorithm<?> algorithm = AlgorithmRegistry.create(model, c.config());
            params = new LinkedHashMap<>(algorithm.params());
            long t0 = System.nanoTime();
            Model fitted;
            try {
                fitted = algorithm.fit(training, new FitContext(options.seed(), options.threads(), progress));
            } finally {
                fitSeconds = (System.nanoTime() - t0) / 1e9;
            }
            String bestEpoch = fitted.fitFacts().get(BEST_EPOCH);
            if (bestEpoch != null) {
                params.put(BEST_EPOCH, Integer.parseInt(bestEpoch));
            }
            long t1 = System.nanoTime();
            ModelResult r;
            try {
                r = evaluator.evaluate(spec, params, fitSeconds, fitted, validation, data.items(), data.users(), progress);
            } finally {
                evalSeconds = (System.nanoTime() - t1) / 1e9;
            }
            MetricSummary score = r.metrics().get(options.metric());
            if (score == null || Double.isNaN(score.mean())) {
                return new Trial(index, c.origin(), c.config(), spec, params, null, Map.of(), fitSeconds, evalSeconds,
                        options.metric() + " could not be computed on validation (no validation users with events?)");
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String family : METRIC_FAMILIES) {
                MetricSummary s = r.metrics().get(family + "@" + metricK);
                if (s != null) {
                    metrics.put(family + "@" + metricK, s.mean());
                }
            }
            return new Trial(index, c.origin(), c.config(), spec, params, score, metrics, fitSeconds, evalSeconds, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            // A bad configuration (rejected, diverged, too big) is a result of the search, not its end.
            return new Trial(index, c.origin(), c.config(), spec, params, null, Map.of(), fitSeconds, evalSeconds,
                    describe(e));
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof IllegalArgumentException && !msg.isEmpty()) {
            return msg;
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory" + (msg.isEmpty() ? "" : ": " + msg);
        }
        return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    /** A model fitted on the full training part once, shared by rows with the same hyperparameters. */
    private record Fitted(Model model, double fitSeconds, Map<String, Object> params) {
    }

    private static ModelResult finalResult(String name, Algorithm<?> algorithm, TrainingData training, Split split,
                                           Dataset data, Options options, Evaluator evaluator,
                                           Map<String, Fitted> cache, Listener events, Progress progress) {
        Map<String, Object> params = new LinkedHashMap<>(algorithm.params());
        String key = algorithm.name() + new TreeMap<>(params);
        Fitted f = cache.get(key);
        if (f == null) {
            events.finalModel(name, spec(algorithm.name(), params));
            long t0 = System.nanoTime();
            Model m = algorithm.fit(training, new FitContext(options.seed(), options.threads(), progress));
            f = new Fitted(m, (System.nanoTime() - t0) / 1e9, params);
            cache.put(key, f);
        }
        return evaluator.evaluate(name, f.params(), f.fitSeconds(), f.model(), split, data.items(), data.users(),
                progress);
    }

    /** The spec of a configuration: {@code "ease:lambda=500,topk=100"}, or the bare name when empty. */
    public static String spec(String model, Map<String, ?> config) {
        if (config.isEmpty()) {
            return model;
        }
        StringBuilder sb = new StringBuilder(model).append(':');
        boolean first = true;
        for (Map.Entry<String, ?> e : config.entrySet()) {
            sb.append(first ? "" : ",").append(e.getKey()).append('=').append(text(e.getValue()));
            first = false;
        }
        return sb.toString();
    }

    /**
     * A spec naming every hyperparameter of the trial (so it means the same even if defaults change
     * later), when that spec rebuilds exactly the same hyperparameters; else the trial's own spec.
     */
    static String exactSpec(String model, Trial t) {
        if (t.params() == null || t.params().isEmpty()) {
            return t.spec();
        }
        String full = spec(model, t.params());
        try {
            if (new TreeMap<>(AlgorithmRegistry.create(full).params()).equals(new TreeMap<>(t.params()))) {
                return full;
            }
        } catch (RuntimeException e) {
            // Some parameter does not print back in a form the algorithm accepts: keep what was searched.
        }
        return t.spec();
    }

    /** Whole doubles without ".0", so specs read like the command line ({@code lambda=500}). */
    private static String text(Object v) {
        if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return String.valueOf(v);
    }

    private static String summary(String model, String strategy, List<Trial> trials, Trial best, String bestSpec,
                                  Options options) {
        int failed = 0;
        for (Trial t : trials) {
            if (t.failed()) {
                failed++;
            }
        }
        Trial defaults = trials.get(0);
        return String.format(Locale.ROOT, "%s: %d trials (%s, budget %d%s) on validation %s; best %s (%.4f)%s",
                model, trials.size(), strategy, options.budget(), failed == 0 ? "" : ", " + failed + " failed",
                options.metric(), bestSpec, best.value(),
                defaults.failed() ? "; defaults failed" : String.format(Locale.ROOT, ", defaults %.4f", defaults.value()));
    }

    private static int[] withK(int[] ks, int k) {
        TreeSet<Integer> all = new TreeSet<>();
        for (int x : ks) {
            all.add(x);
        }
        all.add(k);
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Same metrics as {@code evaluate}'s comparisons: every accuracy family at the primary k, ndcg at the others. */
    private static List<String> comparisonMetrics(int[] ks) {
        int pk = Experiment.primaryK(ks);
        List<String> metrics = new ArrayList<>();
        for (String family : METRIC_FAMILIES) {
            metrics.add(family + "@" + pk);
        }
        for (int k : ks) {
            if (k != pk) {
                metrics.add("ndcg@" + k);
            }
        }
        return metrics;
    }

    private static String percent(double fraction) {
        double p = fraction * 100;
        return p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p);
    }
}
