package ai.affinity.compare;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;
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
import ai.affinity.split.ColdItems;
import ai.affinity.split.ColdUsers;
import ai.affinity.split.LeaveLastOut;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.split.SplitProtocol;
import ai.affinity.split.TemporalSplit;
import ai.affinity.split.Validation;
import ai.affinity.tune.Trial;
import ai.affinity.tune.Tuner;
import ai.affinity.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code affinity compare}: where deep learning beats traditional methods on one data set, section by
 * section (see {@link Section}).
 *
 * <p>Per section: the methods are the section's sensible subset (or the user's lists, filtered the
 * same way) that are registered in {@link AlgorithmRegistry} and that the data supports. Every method
 * gets the same tuning budget: {@link Tuner#select} on a validation split cut from the training part
 * only, with the section's own protocol (random holdout: {@link Validation#carve}; the others: the
 * protocol applied to the training events), so cold-start methods are selected on cold start. The
 * selected configuration is then fitted and evaluated in {@code repeats} seeded repeats (repeat r: split
 * and fit seed {@code seed + r}); per-user values are averaged over repeats ({@link RepeatMerge}), the
 * best traditional and the best deep method by NDCG at the primary k are compared by paired t-tests on
 * precision, recall, F1 and NDCG, and each comparison gets a {@link Verdict}.
 *
 * <p>Deep models are looked up by name: core does not depend on them; they are present when the caller
 * (the CLI) has registered them. Sections the data cannot support are skipped with the reason, and a
 * section that throws is reported as failed without stopping the others. Deterministic for a seed
 * (given deterministic models).
 */
public final class Compare {
    /** Methods that can score an item from its content alone (what cold items need). */
    static final Set<String> CONTENT_MODELS = Set.of("tfidf", "twotower", "hybrid");
    /** Methods that read the order of events. */
    static final Set<String> SEQUENCE_MODELS = Set.of("sasrec");
    /** Methods that need a trained user id (cannot fold in a new user's history). */
    static final Set<String> NEEDS_USER_ID = Set.of("neumf");
    /** Methods that need item content. */
    static final Set<String> NEEDS_ITEM_CONTENT = Set.of("tfidf", "hybrid");
    /** Methods that need user attributes. */
    static final Set<String> NEEDS_USER_ATTRIBUTES = Set.of("segpop");
    /**
     * Catalogue size above which EASE (an items x items inverse, O(items^3): about 4 minutes per fit at 10,000
     * items on the shared 2-core machine) runs only in the warm and cold-user sections, so its fit count stays
     * bounded; the other sections note it.
     */
    static final int EASE_MAX_ITEMS_EVERYWHERE = 5_000;

    static final String TRADITIONAL = "traditional";
    static final String DEEP = "deep";
    static final List<String> VERDICT_FAMILIES = List.of("precision", "recall", "f1", "ndcg");
    static final double TEST_FRACTION = 0.2;
    static final double COLD_FRACTION = 0.2;
    static final int REVEALED = 3;
    /** Share of events (the latest) the drift windows cover. */
    static final double WINDOW_SPAN = 0.4;
    private static final int TRIAL_BOOTSTRAP = 100;
    private static final int REPEAT_BOOTSTRAP = 20;
    private static final long VALIDATION_SALT = 0x434F4D5041524531L;
    private static final long USER_SAMPLE_SALT = 0x5553455253414D50L;

    private Compare() {
    }

    /** A method of a section: registry name, side, parameters held fixed while tuning. */
    record Method(String name, String side, Map<String, String> fixed) {
    }

    /**
     * Runs every requested section.
     *
     * @param runInfo  command, machine facts for the result (copied)
     * @param log      one line per step (may be null)
     * @param progress fit and evaluation progress (may be null)
     */
    public static CompareResult run(Dataset data, CompareOptions options, Map<String, Object> runInfo,
                                    Consumer<String> log, Progress progress) {
        return run(data, options, runInfo, log, progress, null);
    }

    /**
     * As {@link #run(Dataset, CompareOptions, Map, Consumer, Progress)}, handing the result so far to
     * {@code afterSection} (may be null) after every section, so a long run that is stopped still leaves the
     * finished sections behind.
     */
    public static CompareResult run(Dataset data, CompareOptions options, Map<String, Object> runInfo,
                                    Consumer<String> log, Progress progress, Consumer<CompareResult> afterSection) {
        Consumer<String> out = log == null ? s -> { } : log;
        Progress prog = progress == null ? Progress.silent() : progress;
        if (options.userSample() > 0 && options.userSample() < data.interactions().numActiveUsers()) {
            int before = data.interactions().numActiveUsers();
            data = sampleUsers(data, options.userSample(), options.seed());
            out.accept(String.format(Locale.ROOT, "user sample: the events of %,d of %,d users (seeded), %,d events",
                    data.interactions().numActiveUsers(), before, data.interactions().numEvents()));
        }
        DataCapabilities caps = DataCapabilities.of(data);
        List<SectionResult> sections = new ArrayList<>();
        List<String> planLines = new ArrayList<>();
        Map<Section, Double> plan = Plan.estimate(data, options, planLines);
        double planTotal = plan.values().stream().mapToDouble(Double::doubleValue).sum();
        out.accept(String.format(Locale.ROOT, "plan: about %.0f s (%.0f min) in all, a rough estimate from per-fit "
                + "costs measured on this project's quiet 2-core machine, scaled by data size:", planTotal,
                planTotal / 60));
        planLines.forEach(out);
        Map<String, Tuning> tuningCache = new LinkedHashMap<>();
        Map<String, List<ModelResult>> fittedResults = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (Section s : options.sections()) {
            out.accept("section " + s.number() + " " + s.id() + ": " + s.title());
            long ts = System.nanoTime();
            SectionResult r;
            try {
                r = runSection(s, data, caps, options, out, prog, tuningCache, fittedResults);
            } catch (RuntimeException e) {
                r = SectionResult.notRun(s, SectionResult.FAILED, e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), List.of());
            }
            double secs = (System.nanoTime() - ts) / 1e9;
            r = new SectionResult(r.section(), r.status(), r.reason(), r.notes(), r.evaluation(), r.tuning(),
                    r.bestTraditional(), r.bestDeep(), r.verdicts(), r.verdict(), r.repeatMeans(), r.windows(),
                    r.ablations(), secs);
            out.accept(String.format(Locale.ROOT, "section %d %s: %s (%.1fs; planned ~%.0fs)", s.number(), s.id(),
                    r.verdict(), secs, plan.getOrDefault(s, 0.0)));
            sections.add(r);
            if (afterSection != null && sections.size() < options.sections().size()) {
                Map<String, Object> run = new LinkedHashMap<>(runInfo == null ? Map.of() : runInfo);
                run.put("seconds", (System.nanoTime() - t0) / 1e9);
                run.put("planned_seconds", Math.round(planTotal));
                run.put("partial", "sections finished so far: " + sections.size() + " of " + options.sections().size());
                afterSection.accept(new CompareResult(Experiment.datasetFacts(data), caps, settings(options),
                        List.copyOf(sections), run));
            }
        }
        Map<String, Object> run = new LinkedHashMap<>(runInfo == null ? Map.of() : runInfo);
        run.put("seconds", (System.nanoTime() - t0) / 1e9);
        run.put("planned_seconds", Math.round(planTotal));
        return new CompareResult(Experiment.datasetFacts(data), caps, settings(options), sections, run);
    }

    static Map<String, Object> settings(CompareOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budget", o.budget());
        m.put("repeats", o.repeats());
        m.put("seed", o.seed());
        m.put("ks", o.ks());
        m.put("headline_metric", "ndcg@" + o.primaryK());
        m.put("alpha", o.alpha());
        m.put("quick", o.quick());
        if (o.quick()) {
            m.put("quick_epochs", o.quickEpochs());
        }
        m.put("deep_train_seconds_cap", o.trainSeconds() == 0 ? "none" : o.trainSeconds() + " s per fit (estimated), "
                + "as an epoch cap per model");
        if (o.quick()) {
            m.put("quick_epoch_cap", o.quickEpochs());
        }
        m.put("user_sample", o.userSample() == 0 ? "every user" : o.userSample() + " seeded-random users (their events "
                + "only; items and content unchanged)");
        m.put("tune_once", o.tuneOnce());
        m.put("ablation_repeats", o.effectiveAblationRepeats());
        m.put("traditional", o.traditional() == null ? "each section's defaults" : o.traditional());
        m.put("deep", o.deep() == null ? "each section's defaults" : o.deep());
        m.put("windows", o.windows());
        m.put("tuning", "same budget for every method: Tuner on a validation split cut from the training part "
                + "only, by the section's protocol; selected by ndcg@" + o.primaryK() + "; test never used for selection");
        m.put("repeats_rule", "repeat r uses seed + r for the split and every fit; a user's value is averaged over "
                + "the repeats that tested them; CIs and paired t-tests are over users");
        m.put("tuning_reuse", o.tuneOnce()
                ? "each method is tuned once for the whole run, on the validation split of the first section it "
                + "appears in, and later sections reuse that configuration (the time limit chose this); the section "
                + "notes say where"
                : "a method is tuned once per validation split: sections with the same protocol and "
                + "seed (cold items and the content ablation) reuse the configuration, and each section's repeats "
                + "reuse its tuning; the section notes say where");
        m.put("deep_early_stopping", "deep tuning trials validate every few epochs (at most ~30 times per trial, at "
                + "least twice per patience window) on at most 500 seeded validation users; the trial itself is "
                + "scored on every validation user, and the test fits train the epoch count early stopping kept");
        m.put("verdict_rule", "a side wins when the paired t-test gives p < alpha; the margin is relative to the loser");
        return m;
    }

    /** Why {@code s} cannot run on this data or build, or null when it can. */
    static String skipReason(Section s, DataCapabilities caps, CompareOptions o) {
        return switch (s) {
            case SEQUENTIAL -> caps.timestamps() ? null
                    : "no timestamps: the order of events is unknown, so there is no 'next' item to predict";
            case DRIFT -> caps.timestamps() ? null
                    : "no timestamps: without event times there is no before and after to measure drift over";
            case COLD_ITEMS -> caps.itemContent() ? null
                    : "no item content (text, attributes, images or audio): only content can score an item no one "
                    + "has interacted with";
            case ABLATION -> !AlgorithmRegistry.names().contains(o.hybrid())
                    ? "the hybrid content model ('" + o.hybrid() + "') is not registered in this build; this section "
                    + "runs as soon as it is"
                    : caps.modalities().isEmpty() ? "no item content or user attributes: nothing to remove" : null;
            default -> null;
        };
    }

    /** The section's methods on one side, with notes for those left out. */
    static List<Method> methods(Section s, String side, List<String> given, DataCapabilities caps, CompareOptions o,
                                List<String> notes) {
        return methods(s, side, given, caps, o, notes, null);
    }

    /** As above; {@code data} (may be null) bounds where EASE runs on a large catalogue. */
    static List<Method> methods(Section s, String side, List<String> given, DataCapabilities caps, CompareOptions o,
                                List<String> notes, Dataset data) {
        List<String> specs = given != null && s != Section.ABLATION ? given
                : side.equals(DEEP) ? s.defaultDeep() : s.defaultTraditional();
        if (s == Section.ABLATION) {
            specs = side.equals(DEEP) ? List.of(o.hybrid()) : List.of();
        }
        List<String> registered = AlgorithmRegistry.names();
        List<Method> out = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        for (String spec : specs) {
            Map<String, String> fixed = new LinkedHashMap<>();
            String name = parse(spec, fixed);
            String why = null;
            if (!registered.contains(name)) {
                unregistered.add(name);
                continue;
            }
            if (s == Section.COLD_ITEMS && !CONTENT_MODELS.contains(name) && !name.equals(o.hybrid())) {
                why = "cannot score an item from its content";
            } else if (s == Section.COLD_USERS && NEEDS_USER_ID.contains(name)) {
                why = "needs a trained user id, so it cannot serve a new user from a few events";
            } else if (NEEDS_ITEM_CONTENT.contains(name) && !caps.itemContent()) {
                why = "the data has no item content";
            } else if (NEEDS_USER_ATTRIBUTES.contains(name) && !caps.userAttributes()) {
                why = "the data has no user attributes";
            } else if (SEQUENCE_MODELS.contains(name) && !caps.timestamps()) {
                why = "the data has no timestamps, so the order of events is unknown";
            } else if (name.equals("ease") && given == null && data != null
                    && data.interactions().numItems() > EASE_MAX_ITEMS_EVERYWHERE
                    && s != Section.WARM && s != Section.COLD_USERS) {
                why = String.format(Locale.ROOT, "on %,d items EASE's O(items^3) fit runs only in the warm and "
                        + "cold-user sections, to bound the run time", data.interactions().numItems());
            }
            if (why != null) {
                if (given != null || s.defaultDeep().contains(name) || s.defaultTraditional().contains(name)) {
                    notes.add(name + " left out: " + why);
                }
                continue;
            }
            int cap = Plan.epochCap(name, o, data);
            if (cap > 0 && side.equals(DEEP) && !fixed.containsKey("epochs")) {
                Object epochs = defaults(name).get("epochs");
                if (epochs instanceof Number n && n.intValue() > cap) {
                    fixed.put("epochs", Integer.toString(cap));
                }
            }
            out.add(new Method(name, side, fixed));
        }
        if (!unregistered.isEmpty()) {
            notes.add(side + " methods not registered in this build: " + String.join(", ", unregistered));
        }
        return out;
    }

    private static Map<String, Object> defaults(String name) {
        try {
            return AlgorithmRegistry.defaults(name);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The name of a spec like {@code "ease:lambda=500"}, its parameters put into {@code params}. */
    static String parse(String spec, Map<String, String> params) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            return s;
        }
        for (String kv : s.substring(colon + 1).split("[,;]")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("model parameter '" + kv + "' in '" + spec + "' must look like key=value");
            }
            params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return s.substring(0, colon);
    }

    /** The section's test protocol. */
    static SplitProtocol protocol(Section s) {
        return switch (s) {
            case WARM -> new RandomHoldout(TEST_FRACTION);
            case SEQUENTIAL -> new LeaveLastOut(1);
            case COLD_ITEMS, ABLATION -> new ColdItems(COLD_FRACTION);
            case COLD_USERS -> new ColdUsers(COLD_FRACTION, REVEALED, 0);
            case DRIFT -> new TemporalSplit(TEST_FRACTION);
        };
    }

    /** The tuning split: the section's protocol applied to the training part only. */
    static Split validation(Section s, Split split, long seed) {
        if (s == Section.WARM) {
            return Validation.carve(split, Tuner.DEFAULT_VALIDATION_FRACTION, seed);
        }
        Split v = protocol(s).split(split.train(), seed ^ VALIDATION_SALT);
        return new Split("validation:" + v.protocol(), v.params(), v.train(), v.test(), v.queryHistory(), v.candidates());
    }

    /** A method's tuning on one validation split, kept for the sections that share that split. */
    record Tuning(SectionResult.Tuned tuned, Map<String, String> config, List<String> notes, Section section) {
    }

    /**
     * Which tuning a method in section {@code s} can share: sections whose validation split is the same (same
     * protocol, same seed) tune once. Cold items and the content ablation both hold out items by
     * {@link ColdItems} at {@link #COLD_FRACTION}; every other section has its own protocol.
     */
    static String tuningKey(Section s, Method m) {
        return tuningKey(s, m, false);
    }

    /** As above; with {@code tuneOnce} every section shares one tuning per method. */
    static String tuningKey(Section s, Method m, boolean tuneOnce) {
        String family = tuneOnce ? "once" : s == Section.ABLATION ? Section.COLD_ITEMS.id() : s.id();
        return family + "|" + m.name() + "|" + m.fixed();
    }

    private static SectionResult runSection(Section s, Dataset data, DataCapabilities caps, CompareOptions o,
                                            Consumer<String> log, Progress progress, Map<String, Tuning> cache,
                                            Map<String, List<ModelResult>> fitted) {
        List<String> notes = new ArrayList<>();
        String skip = skipReason(s, caps, o);
        if (skip != null) {
            return SectionResult.notRun(s, SectionResult.SKIPPED, skip, notes);
        }
        if (s == Section.COLD_USERS && !caps.userAttributes()) {
            notes.add("no user attributes: cold users are served from their first " + REVEALED
                    + " events only (no attribute-based methods)");
        }
        if (s == Section.COLD_ITEMS && !caps.itemText()) {
            notes.add("no item text: content methods use the other content (" + String.join(", ", caps.modalities())
                    + ")");
        }
        List<Method> methods = new ArrayList<>(methods(s, TRADITIONAL, o.traditional(), caps, o, notes, data));
        methods.addAll(methods(s, DEEP, o.deep(), caps, o, notes, data));
        if (s == Section.WARM && o.deep() == null && AlgorithmRegistry.names().contains("sasrec")) {
            notes.add("sasrec is compared in the sequential, cold-user and drift sections, not here: a random "
                    + "holdout has no 'next' item for a sequence model to predict");
        }
        if (methods.isEmpty()) {
            return SectionResult.notRun(s, SectionResult.SKIPPED, "no method for this section is registered and "
                    + "supported by the data", notes);
        }
        SplitProtocol protocol = protocol(s);
        Split first = protocol.split(data, o.seed());
        if (first.test().numEvents() == 0) {
            return SectionResult.notRun(s, SectionResult.SKIPPED, "the " + protocol.name()
                    + " split leaves no test events on this data", notes);
        }
        int pk = o.primaryK();
        String headline = "ndcg@" + pk;

        // Tuning: same budget for everyone, on a validation split of the training part only.
        Split validation = validation(s, first, o.seed());
        List<SectionResult.Tuned> tuned = new ArrayList<>();
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        List<Method> kept = new ArrayList<>();
        for (Method m : methods) {
            Tuning shared = cache.get(tuningKey(s, m, o.tuneOnce()));
            if (shared != null) {
                tuned.add(shared.tuned());
                configs.put(m.name(), shared.config());
                kept.add(m);
                notes.add(m.name() + ": configuration reused from section " + shared.section().number() + " ("
                        + shared.section().id() + "), tuned there " + (o.tuneOnce() && shared.section() != s
                        && !tuningKey(s, m).equals(tuningKey(shared.section(), m))
                        ? "on that section's validation split (one tuning per method for the whole run)"
                        : "on the same validation split") + ": " + shared.tuned().spec());
                log.accept("  reused " + m.name() + " tuning from section " + shared.section().id());
                continue;
            }
            long t0 = System.nanoTime();
            Tuner.Options to = new Tuner.Options(m.name(), o.budget(), headline, Tuner.Search.AUTO,
                    Tuner.DEFAULT_VALIDATION_FRACTION, TRIAL_BOOTSTRAP,
                    new Evaluator.Options(o.ks(), 0, o.threads(), o.seed(), TRIAL_BOOTSTRAP));
            try {
                Tuner.Selection sel = Tuner.select(data, validation, to, m.fixed(), null, progress);
                int failed = 0;
                for (Trial t : sel.trials()) {
                    failed += t.failed() ? 1 : 0;
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                tuned.add(new SectionResult.Tuned(m.name(), m.side(), sel.bestSpec(), headline, sel.best().value(),
                        sel.trials().size(), failed, sel.strategy(), secs));
                List<String> epochNotes = new ArrayList<>();
                Map<String, String> config = withBestEpoch(m.name(), sel.best(), epochNotes);
                notes.addAll(epochNotes);
                configs.put(m.name(), config);
                cache.put(tuningKey(s, m, o.tuneOnce()), new Tuning(tuned.get(tuned.size() - 1), config, epochNotes, s));
                kept.add(m);
                log.accept(String.format(Locale.ROOT, "  tuned %s (%s): %s, validation %s %.4f, %d trials, %.1fs",
                        m.name(), m.side(), sel.bestSpec(), headline, sel.best().value(), sel.trials().size(), secs));
            } catch (RuntimeException e) {
                notes.add(m.name() + " left out: tuning failed: " + e.getMessage());
            }
        }
        if (s == Section.ABLATION) {
            return ablation(s, data, caps, o, kept, configs, tuned, notes, first, log, progress, fitted);
        }

        // Repeats: the selected configuration of every method on each seeded split.
        Map<String, List<ModelResult>> runs = new LinkedHashMap<>();
        Split split = first;
        Map<String, Object> protocolFacts = null;
        for (int r = 0; r < o.repeats(); r++) {
            long seed = o.seed() + r;
            if (r > 0) {
                split = protocol.split(data, seed);
            }
            Evaluator evaluator = evaluator(o, seed, REPEAT_BOOTSTRAP);
            for (Method m : kept) {
                try {
                    ModelResult res = fitAndEvaluate(m.name(), m.name(), configs.get(m.name()), data, split, evaluator,
                            seed, o.threads(), progress);
                    runs.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(res);
                } catch (RuntimeException e) {
                    List<ModelResult> redone = withDefaults(m, configs.get(m.name()), r, e, data, protocol, split, o,
                            progress, notes);
                    if (redone != null) {
                        runs.put(m.name(), redone);
                        configs.put(m.name(), new LinkedHashMap<>(m.fixed()));
                        Tuning t = cache.get(tuningKey(s, m, o.tuneOnce()));
                        if (t != null) { // later sections reusing this tuning start from what worked
                            cache.put(tuningKey(s, m, o.tuneOnce()), new Tuning(t.tuned(), configs.get(m.name()),
                                    t.notes(), t.section()));
                        }
                        continue;
                    }
                    notes.add(m.name() + " failed in repeat " + (r + 1) + ": " + e.getMessage());
                    runs.remove(m.name());
                    configs.remove(m.name());
                }
            }
            kept.removeIf(m -> !configs.containsKey(m.name()));
            if (r == 0) {
                protocolFacts = Experiment.protocolFacts(split, evaluator.options(),
                        Evaluator.testUsers(split).length);
            }
        }
        if (s == Section.COLD_ITEMS) {
            for (Method m : kept) { // the content ablation fits the same model on the same splits: keep them
                fitted.put(fittedKey(m.name(), configs.get(m.name())), runs.get(m.name()));
            }
        }
        List<ModelResult> merged = new ArrayList<>();
        Map<String, double[]> repeatMeans = new LinkedHashMap<>();
        List<String> trad = new ArrayList<>();
        List<String> deep = new ArrayList<>();
        for (Method m : kept) {
            List<ModelResult> rs = runs.get(m.name());
            merged.add(RepeatMerge.merge(m.name(), rs, 0, o.seed()));
            repeatMeans.put(m.name(), RepeatMerge.repeatMeans(rs, headline));
            (m.side().equals(DEEP) ? deep : trad).add(m.name());
        }
        String bestTrad = Comparisons.best(merged, trad, headline);
        String bestDeep = Comparisons.best(merged, deep, headline);
        List<Comparison> comparisons = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        String verdict;
        if (bestTrad != null && bestDeep != null) {
            verdicts = verdicts(merged, bestDeep, bestTrad, pk, o.alpha(), comparisons);
            verdict = headlineVerdict(verdicts, headline).sentence();
        } else {
            verdict = "no verdict: " + missingSide(s, bestTrad, bestDeep);
        }
        protocolFacts.put("repeats", o.repeats());
        protocolFacts.put("model_selection", "each method tuned with a budget of " + o.budget() + " trials on "
                + validation.protocol() + " (training events only), selected by " + headline);
        protocolFacts.put("paired_test", "paired t-test over users, per-user values averaged over repeats");
        EvaluationResult evaluation = new EvaluationResult(Experiment.datasetFacts(data), protocolFacts, o.ks(), merged,
                comparisons, Map.of("seed", o.seed()));
        List<SectionResult.Window> windows = List.of();
        if (s == Section.DRIFT && (bestTrad != null || bestDeep != null)) {
            windows = windows(data, o, bestTrad, bestDeep, configs, log, progress);
            int deepAhead = 0;
            int decided = 0;
            for (SectionResult.Window w : windows) {
                if (w.verdict() != null && w.verdict().outcome() != Verdict.Outcome.NO_DIFFERENCE) {
                    decided++;
                    deepAhead += w.verdict().outcome() == Verdict.Outcome.CHALLENGER_WINS ? 1 : 0;
                }
            }
            if (bestTrad != null && bestDeep != null && !windows.isEmpty()) {
                notes.add(String.format(Locale.ROOT, "rolling windows: deep significantly ahead in %d, traditional in "
                        + "%d, no significant difference in %d of %d windows", deepAhead, decided - deepAhead,
                        windows.size() - decided, windows.size()));
            }
        }
        return new SectionResult(s, SectionResult.RAN, null, notes, evaluation, tuned, bestTrad, bestDeep, verdicts,
                verdict, repeatMeans, windows, List.of(), 0);
    }

    /**
     * The selected configuration, with {@code epochs} set to the epoch early stopping kept on validation when
     * the model reports one: the test fits train that many epochs on the whole training part instead of the
     * configured maximum (the epoch count is chosen on validation like every other parameter, and fits without
     * validation events cannot stop early).
     */
    static Map<String, String> withBestEpoch(String name, Trial best, List<String> notes) {
        Map<String, String> config = new LinkedHashMap<>(best.config());
        Object epoch = best.params() == null ? null : best.params().get(Tuner.BEST_EPOCH);
        if (epoch != null) {
            Object configured = best.params().get("epochs");
            config.put("epochs", epoch.toString());
            notes.add(name + ": early stopping on validation kept epoch " + epoch + (configured == null ? ""
                    : " of " + configured) + "; the test fits train " + epoch + " epochs");
        }
        return config;
    }

    private static String missingSide(Section s, String bestTrad, String bestDeep) {
        if (bestTrad == null && bestDeep == null) {
            return "no method could be evaluated";
        }
        String missing = bestDeep == null ? DEEP : TRADITIONAL;
        List<String> looked = missing.equals(DEEP) ? s.defaultDeep() : s.defaultTraditional();
        return "no " + missing + " method for this section could run (looked for " + String.join(", ", looked) + ")";
    }

    /** Deep (challenger) vs traditional (reference) on precision, recall, F1, NDCG at k; comparisons appended. */
    static List<Verdict> verdicts(List<ModelResult> merged, String deep, String trad, int k, double alpha,
                                  List<Comparison> comparisonsOut) {
        ModelResult d = find(merged, deep);
        ModelResult t = find(merged, trad);
        List<String> metrics = new ArrayList<>();
        for (String f : VERDICT_FAMILIES) {
            metrics.add(f + "@" + k);
        }
        List<Comparison> cs = Comparisons.against(List.of(d, t), trad, metrics);
        comparisonsOut.addAll(cs);
        List<Verdict> out = new ArrayList<>();
        for (Comparison c : cs) {
            out.add(Verdict.decide(c.metric(), new Verdict.Side(DEEP, deep, d.metrics().get(c.metric()).mean()),
                    new Verdict.Side(TRADITIONAL, trad, t.metrics().get(c.metric()).mean()), c.pValue(), alpha));
        }
        return out;
    }

    private static Verdict headlineVerdict(List<Verdict> verdicts, String headline) {
        for (Verdict v : verdicts) {
            if (v.metric().equals(headline)) {
                return v;
            }
        }
        return verdicts.get(verdicts.size() - 1);
    }

    private static ModelResult find(List<ModelResult> results, String name) {
        for (ModelResult r : results) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no result for " + name);
    }

    private static Evaluator evaluator(CompareOptions o, long seed, int bootstrap) {
        return new Evaluator(new Evaluator.Options(o.ks(), 0, o.threads(), seed, bootstrap));
    }

    private static ModelResult fitAndEvaluate(String label, String model, Map<String, String> config, Dataset data,
                                              Split split, Evaluator evaluator, long seed, int threads,
                                              Progress progress) {
        Algorithm<?> algorithm = AlgorithmRegistry.create(model, config);
        TrainingData training = new TrainingData(split.train(), data.items(), data.users(), null);
        long t0 = System.nanoTime();
        Model fitted = algorithm.fit(training, new FitContext(seed, threads, progress));
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        return evaluator.evaluate(label, algorithm.params(), fitSeconds, fitted, split, data.items(), data.users(),
                progress);
    }

    /** The drift section's rolling windows: the two finalists fitted before each window, tested on it. */
    private static List<SectionResult.Window> windows(Dataset data, CompareOptions o, String trad, String deep,
                                                      Map<String, Map<String, String>> configs, Consumer<String> log,
                                                      Progress progress) {
        List<SectionResult.Window> out = new ArrayList<>();
        int pk = o.primaryK();
        for (Split w : TimeWindows.of(data.interactions(), o.windows(), WINDOW_SPAN)) {
            Evaluator evaluator = evaluator(o, o.seed(), 0);
            Map<String, Map<String, MetricSummary>> metrics = new LinkedHashMap<>();
            List<ModelResult> results = new ArrayList<>();
            for (String name : new String[] {trad, deep}) {
                if (name == null) {
                    continue;
                }
                ModelResult r = fitAndEvaluate(name, name, configs.get(name), data, w, evaluator, o.seed(),
                        o.threads(), progress);
                results.add(r);
                Map<String, MetricSummary> m = new LinkedHashMap<>();
                for (String f : VERDICT_FAMILIES) {
                    m.put(f + "@" + pk, r.metrics().get(f + "@" + pk));
                }
                metrics.put(name, m);
            }
            Verdict v = null;
            if (trad != null && deep != null) {
                List<Verdict> vs = verdicts(results, deep, trad, pk, o.alpha(), new ArrayList<>());
                v = headlineVerdict(vs, "ndcg@" + pk);
            }
            Map<String, Object> p = w.params();
            SectionResult.Window win = new SectionResult.Window((Integer) p.get("window"),
                    (Long) p.get("start_timestamp"), (Long) p.get("end_timestamp"), w.train().numEvents(),
                    w.test().numEvents(), Evaluator.testUsers(w).length, metrics, v);
            log.accept("  window " + win.index() + ": " + (v == null ? "one side only" : v.sentence()));
            out.add(win);
        }
        return out;
    }

    /**
     * When a method's tuned configuration fails in a test fit (a deep model that diverges on the whole training
     * part), every repeat so far is refitted with its default configuration (what the run fixes, such as an epoch
     * cap, kept): a method tuned into instability still gets an answer, and the note says so. Returns the results
     * of repeats 0..r, or null when the defaults fail too or were what failed.
     */
    private static List<ModelResult> withDefaults(Method m, Map<String, String> tunedConfig, int r,
                                                  RuntimeException failure, Dataset data,
                                                  SplitProtocol protocol, Split current, CompareOptions o,
                                                  Progress progress, List<String> notes) {
        Map<String, String> defaults = new LinkedHashMap<>(m.fixed());
        if (defaults.equals(tunedConfig)) {
            return null;
        }
        List<ModelResult> out = new ArrayList<>();
        try {
            for (int q = 0; q <= r; q++) {
                long seed = o.seed() + q;
                Split split = q == r ? current : protocol.split(data, seed);
                out.add(fitAndEvaluate(m.name(), m.name(), defaults, data, split, evaluator(o, seed, REPEAT_BOOTSTRAP),
                        seed, o.threads(), progress));
            }
        } catch (RuntimeException again) {
            notes.add(m.name() + ": its default configuration failed too: " + again.getMessage());
            return null;
        }
        notes.add(m.name() + ": the tuned configuration failed in repeat " + (r + 1) + " (" + failure.getMessage()
                + "); every repeat uses the default configuration instead");
        return out;
    }

    private static String fittedKey(String name, Map<String, String> config) {
        return name + "|" + config;
    }

    /** Section 6: the hybrid fitted on the full content and with each modality removed, on cold items. */
    private static SectionResult ablation(Section s, Dataset data, DataCapabilities caps, CompareOptions o,
                                          List<Method> kept, Map<String, Map<String, String>> configs,
                                          List<SectionResult.Tuned> tuned, List<String> notes, Split first,
                                          Consumer<String> log, Progress progress,
                                          Map<String, List<ModelResult>> fitted) {
        if (kept.isEmpty()) {
            return SectionResult.notRun(s, SectionResult.FAILED, "the hybrid model could not be tuned", notes);
        }
        String hybrid = kept.get(0).name();
        Map<String, String> config = configs.get(hybrid);
        List<String> modalities = caps.modalities();
        notes.add("the hybrid is tuned once with every input; each variant reuses that configuration");
        Map<String, List<ModelResult>> runs = new LinkedHashMap<>();
        Map<String, Dataset> variants = new LinkedHashMap<>();
        variants.put(hybrid, data);
        for (String m : modalities) {
            variants.put(hybrid + " without " + m, without(data, m));
        }
        Split split = first;
        Map<String, Object> protocolFacts = null;
        SplitProtocol protocol = protocol(s);
        List<ModelResult> fullFits = fitted.get(fittedKey(hybrid, config));
        int repeats = o.effectiveAblationRepeats();
        boolean reuseFull = fullFits != null && fullFits.size() >= repeats;
        if (reuseFull) {
            // Same model, configuration, protocol and seeds as the cold-item section: its fits are these fits.
            runs.put(hybrid, new ArrayList<>(fullFits.subList(0, repeats)));
            notes.add("the full model's fits are the cold-item section's (same configuration, splits and seeds)");
        }
        for (int r = 0; r < repeats; r++) {
            long seed = o.seed() + r;
            if (r > 0) {
                split = protocol.split(data, seed);
            }
            Evaluator evaluator = evaluator(o, seed, REPEAT_BOOTSTRAP);
            for (Map.Entry<String, Dataset> v : List.copyOf(variants.entrySet())) {
                if (reuseFull && v.getKey().equals(hybrid)) {
                    continue;
                }
                try {
                    runs.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(fitAndEvaluate(v.getKey(), hybrid,
                            config, v.getValue(), split, evaluator, seed, o.threads(), progress));
                } catch (RuntimeException e) {
                    if (v.getKey().equals(hybrid)) {
                        throw e; // without the full model there is nothing to compare against
                    }
                    // One variant failing (e.g. a diverged fit) leaves the other inputs' answers standing.
                    notes.add(v.getKey() + " left out: failed in repeat " + (r + 1) + ": " + e.getMessage());
                    variants.remove(v.getKey());
                    runs.remove(v.getKey());
                }
            }
            if (r == 0) {
                protocolFacts = Experiment.protocolFacts(split, evaluator.options(), Evaluator.testUsers(split).length);
            }
        }
        String headline = "ndcg@" + o.primaryK();
        List<ModelResult> merged = new ArrayList<>();
        Map<String, double[]> repeatMeans = new LinkedHashMap<>();
        for (Map.Entry<String, List<ModelResult>> e : runs.entrySet()) {
            merged.add(RepeatMerge.merge(e.getKey(), e.getValue(), 0, o.seed()));
            repeatMeans.put(e.getKey(), RepeatMerge.repeatMeans(e.getValue(), headline));
        }
        List<Comparison> comparisons = Comparisons.against(merged, hybrid, List.of(headline));
        List<SectionResult.Ablation> ablations = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        ModelResult full = merged.get(0);
        List<String> kept2 = new ArrayList<>();
        for (String m : modalities) {
            if (runs.containsKey(hybrid + " without " + m)) {
                kept2.add(m);
            }
        }
        modalities = kept2;
        for (int i = 0; i < modalities.size(); i++) {
            String variant = hybrid + " without " + modalities.get(i);
            ModelResult wo = merged.get(i + 1);
            Comparison c = comparisons.get(i);
            // Full is the challenger: "with text wins by 12%" reads as what the input adds.
            Verdict v = Verdict.decide(headline,
                    new Verdict.Side("with " + modalities.get(i), hybrid, full.metrics().get(headline).mean()),
                    new Verdict.Side("without " + modalities.get(i), variant, wo.metrics().get(headline).mean()),
                    c.pValue(), o.alpha());
            ablations.add(new SectionResult.Ablation(modalities.get(i), variant, v));
            sentences.add(modalities.get(i) + ": " + v.sentence());
            log.accept("  " + modalities.get(i) + ": " + v.sentence());
        }
        protocolFacts.put("repeats", repeats);
        EvaluationResult evaluation = new EvaluationResult(Experiment.datasetFacts(data), protocolFacts, o.ks(), merged,
                comparisons, Map.of("seed", o.seed()));
        return new SectionResult(s, SectionResult.RAN, null, notes, evaluation, tuned, null, hybrid, List.of(),
                String.join("; ", sentences), repeatMeans, List.of(), ablations, 0);
    }

    /** {@code data} with one input removed: the same events, ids and report. */
    /**
     * The data restricted to the events of {@code n} users drawn uniformly among the users with events (seeded);
     * ids, items, content and user attributes stay as they are, so every index keeps its meaning.
     */
    static Dataset sampleUsers(Dataset data, int n, long seed) {
        Interactions all = data.interactions();
        int[] active = new int[all.numActiveUsers()];
        for (int u = 0, k = 0; u < all.numUsers(); u++) {
            if (all.userCount(u) > 0) {
                active[k++] = u;
            }
        }
        if (n >= active.length) {
            return data;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed ^ USER_SAMPLE_SALT);
        for (int i = 0; i < n; i++) { // partial Fisher-Yates: the first n entries are the sample
            int j = i + rnd.nextInt(active.length - i);
            int t = active[i];
            active[i] = active[j];
            active[j] = t;
        }
        boolean[] keep = new boolean[all.numUsers()];
        int events = 0;
        for (int i = 0; i < n; i++) {
            keep[active[i]] = true;
            events += all.userCount(active[i]);
        }
        Interactions.Builder b = Interactions.builder().setDimensions(all.numUsers(), all.numItems())
                .optExpectedEvents(events);
        for (int u = 0; u < all.numUsers(); u++) {
            if (keep[u]) {
                for (int p = all.start(u); p < all.end(u); p++) {
                    b.add(u, all.item(p), all.value(p), all.timestamp(p));
                }
            }
        }
        return new Dataset(data.name(), data.userIds(), data.itemIds(), b.build(), data.items(), data.users(),
                data.report(), data.info());
    }

    static Dataset without(Dataset data, String modality) {
        ItemCatalog items = data.items();
        UserCatalog users = data.users();
        if (modality.equals(DataCapabilities.USER_ATTRIBUTES)) {
            users = new UserCatalog();
        } else {
            ItemCatalog stripped = new ItemCatalog();
            stripped.ensureSize(items.size());
            for (int i = 0; i < items.size(); i++) {
                ItemContent c = items.get(i);
                stripped.set(i, switch (modality) {
                    case DataCapabilities.TEXT -> new ItemContent("", "", c.categorical(), c.numeric(), c.image(),
                            c.audio(), c.firstSeen());
                    case DataCapabilities.IMAGE -> new ItemContent(c.title(), c.text(), c.categorical(), c.numeric(),
                            null, c.audio(), c.firstSeen());
                    case DataCapabilities.AUDIO -> new ItemContent(c.title(), c.text(), c.categorical(), c.numeric(),
                            c.image(), null, c.firstSeen());
                    case DataCapabilities.ITEM_ATTRIBUTES -> new ItemContent(c.title(), c.text(), Map.of(), Map.of(),
                            c.image(), c.audio(), c.firstSeen());
                    default -> throw new IllegalArgumentException("unknown modality '" + modality + "'");
                });
            }
            items = stripped;
        }
        return new Dataset(data.name(), data.userIds(), data.itemIds(), data.interactions(), items, users,
                data.report(), data.info());
    }
}
