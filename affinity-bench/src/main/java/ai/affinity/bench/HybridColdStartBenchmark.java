package ai.affinity.bench;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemContent;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.deep.DeepModels;
import ai.affinity.deep.hybrid.HybridModel;
import ai.affinity.deep.twotower.TwoTowerModel;
import ai.affinity.eval.Comparison;
import ai.affinity.eval.Comparisons;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.MetricSummary;
import ai.affinity.eval.ModelResult;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TopK;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.split.ColdItems;
import ai.affinity.split.ColdUsers;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start with the hybrid content model (issue 5), full ranking, seed 42 by default:
 * <ul>
 *   <li>{@code a}: MovieLens 100K cold items (20% of items with all their events; ranking over the cold
 *       items only): hybrid with MiniLM text (titles + genres) and attributes vs content TF-IDF kNN and
 *       most-popular; Recall@20 ratio and paired t-tests. The hybrid's settings are picked first from
 *       {@code --a-grid} (";"-separated parameter sets added to {@code --a-base}) by Recall@20 on a
 *       cold-items carve-out of the training data (20% of the training items, seed + 1), never on test
 *       ({@code --a-stage validation|test|both}; test alone takes the first grid entry; {@code --val-seeds
 *       42,43} scores each setting by its mean over those fit seeds).</li>
 *   <li>{@code b}: MovieLens 100K new users (20% of users, only their first N events revealed, N in
 *       {@code --revealed}, default 5,1, {@code none} for none: users with at most N known events) next to the warm random 20%
 *       holdout (left out with {@code --no-warm}): hybrid with
 *       demographics and first events vs segment popularity and most-popular; NDCG@10, paired t-tests.</li>
 *   <li>{@code c}: synthetic:small cold items: the ablation (ids only, +text, +image, +audio,
 *       +attributes, all) against most-popular and TF-IDF ({@code --c-models} runs a ";"-separated subset;
 *       {@code --c-audio} sets the audio encoder of the +audio and all rows, default {@code logmel};
 *       {@code --fit-seeds K} fits every hybrid row K times and reports the per-user mean).</li>
 *   <li>{@code e}: synthetic:small cold items, audio-only hybrid with its audio encoder (default candidates
 *       {@code logmel}, {@code cnn}, {@code tonal}; {@code --e-grid} takes ";"-separated audio choices, each
 *       optionally followed by tower settings, e.g. {@code tonal,id_dropout=0.8}) picked by Recall@20 on a
 *       cold-items carve-out of the training data, vs most-popular; {@code --fit-seeds K} fits every
 *       candidate and the selected model K times (fit seeds seed, seed + 1000, ...) and uses the means.</li>
 *   <li>{@code f}: MovieLens 100K new users with 5 revealed events: the hybrid's cold-user options
 *       ({@code --f-grid}, ";"-separated parameter sets added to {@code --f-base}; default item_bias ×
 *       short_history) picked by NDCG@10 on a cold-users carve-out of the training users (seed + 1),
 *       then measured once on test against segment popularity and most-popular ({@code --f-stage
 *       validation|test|both}; test alone takes the first grid entry).</li>
 *   <li>{@code d}: time to add one new item with text and image to a fitted hybrid and get it
 *       recommended (encode, item tower, append, then score users, those who had the copied item
 *       first, until one's top 10 holds it), synthetic:small; {@code --d-spec} sets the hybrid.</li>
 * </ul>
 * Writes the JSON record after each part.
 *
 * <pre>
 * MKL_CBWR=COMPATIBLE nice -n 5 java -Xmx5g -cp affinity-bench/target/benchmarks.jar ai.affinity.bench.HybridColdStartBenchmark \
 *     --data /work/shared/data/ml-100k --parts abcd [--seed 42] [--threads 2] [--epochs-synthetic 10] --out FILE
 * </pre>
 */
public final class HybridColdStartBenchmark {
    private HybridColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        DeepModels.register();
        Path dir = Path.of("../shared/data/ml-100k");
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        String parts = "abcd";
        int synthEpochs = 10;
        String aBase = "hybrid:text=minilm,image=none,audio=none,attributes=true";
        List<String> aGrid = List.of("id_dropout=0.5", "id_dropout=0.95", "id_dropout=0.95,logq=false",
                "id_dropout=0.5,logq=false");
        List<Integer> revealedList = List.of(5, 1);
        boolean warmB = true;
        String cModels = null;
        String cAudio = "logmel";
        String bExtra = null;
        String fBase = "hybrid:text=minilm,image=none,audio=none,attributes=true,user_attributes=true";
        List<String> fGrid = List.of("item_bias=false,short_history=0", "item_bias=true,short_history=0",
                "item_bias=false,short_history=0.3", "item_bias=true,short_history=0.3",
                "item_bias=true,short_history=0.6");
        String fStage = "both";
        String aStage = "both";
        List<Long> valSeeds = null;
        // Part e's candidates: the audio choice, optionally with tower settings ("tonal,id_dropout=0.8").
        List<String> eGrid = List.of("logmel", "cnn", "tonal");
        int fitSeedCount = 1;
        // Part d's model: the content prior gives a new item a prior from what it is; id dropout trains
        // the item tower to place items from content alone (DropoutNet).
        String dSpec = "hybrid:text=minilm,image=cnn,audio=none,attributes=true,content_bias=true,id_dropout=0.5";
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dir = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--parts" -> parts = args[++i];
                case "--epochs-synthetic" -> synthEpochs = Integer.parseInt(args[++i]);
                case "--a-base" -> aBase = args[++i];
                case "--a-grid" -> aGrid = List.of(args[++i].split(";"));
                case "--revealed" -> {
                    String v = args[++i];
                    revealedList = v.equals("none") ? List.of() // part b's warm run alone
                            : Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                }
                case "--no-warm" -> warmB = false;
                case "--c-models" -> cModels = args[++i];
                case "--c-audio" -> cAudio = args[++i];
                case "--b-extra" -> bExtra = args[++i];
                case "--f-base" -> fBase = args[++i];
                case "--f-grid" -> fGrid = List.of(args[++i].split(";"));
                case "--f-stage" -> fStage = args[++i];
                case "--a-stage" -> aStage = args[++i];
                case "--val-seeds" -> valSeeds = Arrays.stream(args[++i].split(",")).map(Long::valueOf).toList();
                case "--e-grid" -> eGrid = List.of(args[++i].split(";"));
                case "--fit-seeds" -> fitSeedCount = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--d-spec" -> dSpec = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("command", "MKL_CBWR=COMPATIBLE nice -n 5 java -Xmx5g -cp affinity-bench/target/benchmarks.jar "
                + HybridColdStartBenchmark.class.getName() + " " + String.join(" ", args));
        record.put("date", Instant.now().toString());
        record.put("machine", Machine.describe());
        record.put("seed", seed);
        // MKL_CBWR=COMPATIBLE makes the fits reproducible (see run-hybrid-cold-start.sh); recorded so a
        // run without it is recognisable.
        record.put("env_MKL_CBWR", String.valueOf(System.getenv("MKL_CBWR")));
        record.put("load_average_start", Machine.loadAverage());
        Dataset ml = parts.matches(".*[abf].*") ? DataSources.load("ml-100k:" + dir, LoadOptions.defaults()) : null;
        Dataset syn = parts.matches(".*[cde].*") ? DataSources.load("synthetic:small@" + seed, LoadOptions.defaults())
                : null;
        if (parts.contains("a")) {
            Split split = new ColdItems(0.2).split(ml.interactions(), seed);
            // Hyperparameters are chosen on a cold-items carve-out of the TRAINING data only (20% of the
            // training items with all their events, another seed), never on the test split.
            Split val = new ColdItems(0.2).split(split.train(), seed + 1);
            Map<String, Object> selection = new LinkedHashMap<>();
            selection.put("validation", val.params());
            Map<String, Object> grid = new LinkedHashMap<>();
            String best = aBase + (aGrid.get(0).isBlank() ? "" : "," + aGrid.get(0));
            double bestRecall = Double.NEGATIVE_INFINITY;
            // --val-seeds: each setting's validation score is the mean over these fit seeds (one fit seed is
            // one draw of initialisation and sampling); the test fit keeps --seed.
            List<Long> seeds = valSeeds == null ? List.of(seed) : valSeeds;
            for (String g : aStage.equals("test") ? List.<String>of() : aGrid) {
                String spec = aBase + (g.isBlank() ? "" : "," + g);
                double rec = 0;
                double ndcg = 0;
                double secs = 0;
                Map<String, Object> perSeed = new LinkedHashMap<>();
                for (long s : seeds) {
                    Map<String, Object> r = run(ml, val, Map.of(spec, spec), null, List.of(), s, threads);
                    rec += metric(r, spec, "recall@20") / seeds.size();
                    ndcg += metric(r, spec, "ndcg@10") / seeds.size();
                    secs += metric(r, spec, "fit_seconds");
                    perSeed.put(Long.toString(s), metric(r, spec, "recall@20"));
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("validation_recall@20", rec);
                row.put("validation_ndcg@10", ndcg);
                row.put("fit_seconds", secs);
                row.put("validation_recall@20_per_fit_seed", perSeed);
                grid.put(spec, row);
                if (rec > bestRecall) {
                    bestRecall = rec;
                    best = spec;
                }
                selection.put("grid", grid);
                selection.put("selected", best);
                record.put("a_validation_selection", selection);
                write(record, out);
            }
            if (aStage.equals("validation")) {
                record.put("load_average_end", Machine.loadAverage());
                write(record, out);
                return;
            }
            Map<String, String> models = new LinkedHashMap<>();
            models.put("hybrid (selected on validation)", best);
            models.put("tfidf", "tfidf");
            models.put("pop", "pop");
            Map<String, Object> r = run(ml, split, models, "tfidf", List.of("recall@20", "ndcg@10", "ndcg@20"),
                    seed, threads);
            r.put("recall@20_ratio_hybrid_over_tfidf", ratio(r, "hybrid (selected on validation)", "tfidf", "recall@20"));
            r.put("floor_recall@20_1.3x_tfidf_met", ratio(r, "hybrid (selected on validation)", "tfidf", "recall@20") >= 1.3);
            record.put("a_ml100k_cold_items_20", r);
            write(record, out);
        }
        if (parts.contains("b")) {
            Map<String, Object> b = new LinkedHashMap<>();
            Map<String, String> models = new LinkedHashMap<>();
            models.put("hybrid demographics+first events",
                    "hybrid:text=minilm,image=none,audio=none,attributes=true,user_attributes=true");
            if (bExtra != null) { // e.g. the hybrid's settings before a change, for a before/after row
                models.put("hybrid " + bExtra, "hybrid:text=minilm,image=none,audio=none,attributes=true,"
                        + "user_attributes=true," + bExtra);
            }
            models.put("segpop", "segpop");
            models.put("pop", "pop");
            for (int revealed : revealedList) {
                Split split = new ColdUsers(0.2, revealed, 0).split(ml.interactions(), seed);
                b.put("new_users_revealed_" + revealed, run(ml, split, models, "segpop",
                        List.of("ndcg@10", "recall@20"), seed, threads));
                record.put("b_ml100k_new_users", b);
                write(record, out);
            }
            if (warmB) {
                Split warm = RandomHoldout.split(ml.interactions(), 0.2, seed);
                b.put("warm_random_20", run(ml, warm, models, "segpop", List.of("ndcg@10", "recall@20"), seed, threads));
                record.put("b_ml100k_new_users", b); // also when --revealed none
                write(record, out);
            }
        }
        if (parts.contains("f")) {
            // Cold users (5 revealed events): the hybrid's cold-user options chosen on a cold-users
            // carve-out of the training users (seed + 1), then measured once on test against segpop and
            // pop. --f-stage validation stops after the grid; --f-stage test skips it and takes the
            // first grid entry as selected.
            Split split = new ColdUsers(0.2, 5, 0).split(ml.interactions(), seed);
            Map<String, Object> f = new LinkedHashMap<>();
            String best = fBase + "," + fGrid.get(0);
            if (!fStage.equals("test")) {
                Split val = new ColdUsers(0.2, 5, 0).split(split.train(), seed + 1);
                Map<String, String> grid = new LinkedHashMap<>();
                for (String g : fGrid) {
                    grid.put(fBase + "," + g, fBase + "," + g);
                }
                grid.put("segpop", "segpop");
                grid.put("pop", "pop");
                // --val-seeds: each setting's validation NDCG@10 is its mean over those fit seeds.
                List<Long> seeds = valSeeds == null ? List.of(seed) : valSeeds;
                Map<String, Double> mean = new LinkedHashMap<>();
                Map<String, Object> perSeed = new LinkedHashMap<>();
                for (long s : seeds) {
                    Map<String, Object> r = run(ml, val, grid, "segpop", List.of("ndcg@10"), s, threads);
                    perSeed.put(Long.toString(s), r);
                    for (String g : fGrid) {
                        mean.merge(fBase + "," + g, metric(r, fBase + "," + g, "ndcg@10") / seeds.size(), Double::sum);
                    }
                    f.put("validation_per_fit_seed", perSeed);
                    record.put("f_ml100k_cold_users_5", f);
                    write(record, out);
                }
                double bestNdcg = Double.NEGATIVE_INFINITY;
                for (String g : fGrid) {
                    double v = mean.get(fBase + "," + g);
                    if (v > bestNdcg) {
                        bestNdcg = v;
                        best = fBase + "," + g;
                    }
                }
                f.put("validation_mean_ndcg@10_over_fit_seeds", mean);
                f.put("selected", best);
                record.put("f_ml100k_cold_users_5", f);
                write(record, out);
            }
            if (!fStage.equals("validation")) {
                Map<String, String> models = new LinkedHashMap<>();
                models.put("hybrid (selected on validation)", best);
                models.put("segpop", "segpop");
                models.put("pop", "pop");
                Map<String, Object> r = run(ml, split, models, "segpop", List.of("ndcg@10", "recall@20"), seed, threads);
                r.put("floor_ndcg@10_beats_segpop_p<0.05_met", floorMet(r, "hybrid (selected on validation)"));
                f.put("test", r);
                record.put("f_ml100k_cold_users_5", f);
                write(record, out);
            }
        }
        if (parts.contains("c")) {
            Split split = new ColdItems(0.2).split(syn.interactions(), seed);
            String t = ",epochs=" + synthEpochs;
            Map<String, String> models = new LinkedHashMap<>();
            models.put("ids only", "hybrid:text=none,image=none,audio=none,attributes=false" + t);
            models.put("+text (minilm)", "hybrid:text=minilm,image=none,audio=none,attributes=false" + t);
            models.put("+image (cnn) = image-only", "hybrid:text=none,image=cnn,audio=none,attributes=false" + t);
            models.put("+audio (" + cAudio + ") = audio-only", "hybrid:text=none,image=none,audio=" + cAudio
                    + ",attributes=false" + t);
            models.put("+attributes", "hybrid:text=none,image=none,audio=none,attributes=true" + t);
            models.put("all", "hybrid:text=minilm,image=cnn,audio=" + cAudio + ",attributes=true" + t);
            models.put("tfidf", "tfidf");
            models.put("pop", "pop");
            if (cModels != null) { // a subset, e.g. to finish an interrupted run
                List<String> keep = List.of(cModels.split(";"));
                models.keySet().retainAll(keep);
            }
            long[] cSeeds = fitSeeds(seed, fitSeedCount);
            Map<String, Object> r = fitSeedCount == 1
                    ? run(syn, split, models, "pop", List.of("recall@20", "ndcg@10"), seed, threads)
                    : runFitSeeds(syn, split, models, "pop", cSeeds, seed, threads);
            Map<String, Object> gains = new LinkedHashMap<>();
            for (String k : models.keySet()) {
                if (!models.containsKey("ids only") || !models.containsKey("pop")) {
                    break;
                }
                gains.put(k, Map.of("recall@20_over_pop", ratio(r, k, "pop", "recall@20"),
                        "recall@20_gain_over_ids_only", diff(r, k, "ids only", "recall@20")));
            }
            r.put("ablation", gains);
            record.put("c_synthetic_small_cold_items_20", r);
            write(record, out);
        }
        if (parts.contains("e")) {
            // The audio-only hybrid's encoder (and optional tower settings) chosen on a cold-items
            // carve-out of the synthetic training data, then measured once on test against pop. With
            // --fit-seeds K > 1 each candidate is fitted with K fit seeds (seed, seed + 1000, ...; the
            // splits keep `seed`) and judged by its mean validation Recall@20, and the selected one is
            // fitted K times on the test split: one fit of this model moves Recall@20 by about as much
            // as the candidates differ (fits are reproducible since the garbage-collector fix, but one
            // fit seed is still one draw of the initialisation and sampling).
            Split split = new ColdItems(0.2).split(syn.interactions(), seed);
            Split val = new ColdItems(0.2).split(split.train(), seed + 1);
            String t = ",epochs=" + synthEpochs;
            long[] fitSeeds = fitSeeds(seed, fitSeedCount);
            Map<String, Object> grid = new LinkedHashMap<>();
            String best = null;
            double bestRecall = Double.NEGATIVE_INFINITY;
            for (String audio : eGrid) {
                // A candidate's own epochs win over --epochs-synthetic (a repeated parameter would override it).
                String spec = "hybrid:text=none,image=none,audio=" + audio + ",attributes=false"
                        + (audio.contains("epochs=") ? "" : t);
                double[] recs = new double[fitSeeds.length];
                for (int j = 0; j < fitSeeds.length; j++) {
                    try {
                        Map<String, Object> r = run(syn, val, Map.of(spec, spec), null, List.of(), seed, threads,
                                fitSeeds[j], null);
                        recs[j] = metric(r, spec, "recall@20");
                    } catch (IllegalStateException ex) {
                        if (!diverged(ex)) {
                            throw ex;
                        }
                        // A diverged fit counts as Recall@20 0: an unstable configuration is worse, not luckier.
                        System.err.println(spec + " fit seed " + fitSeeds[j] + ": " + ex.getMessage());
                        recs[j] = 0;
                    }
                }
                double rec = Arrays.stream(recs).average().orElseThrow();
                grid.put(spec, fitSeeds.length == 1 ? Map.of("validation_recall@20", rec)
                        : Map.of("validation_recall@20", rec, "validation_recall@20_per_fit_seed", recs));
                if (rec > bestRecall) {
                    bestRecall = rec;
                    best = spec;
                }
            }
            String name = "audio-only (encoder selected on validation)";
            Map<String, Object> r;
            if (fitSeeds.length == 1) {
                Map<String, String> models = new LinkedHashMap<>();
                models.put(name, best);
                models.put("pop", "pop");
                r = run(syn, split, models, "pop", List.of("recall@20", "ndcg@10"), seed, threads);
                r.put("recall@20_over_pop", ratio(r, name, "pop", "recall@20"));
            } else {
                Map<String, String> models = new LinkedHashMap<>();
                models.put(name, best);
                models.put("pop", "pop");
                r = runFitSeeds(syn, split, models, "pop", fitSeeds, seed, threads);
                r.put("recall@20_over_pop", ratio(r, name, "pop", "recall@20"));
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("split", val.params());
            v.put("fit_seeds", fitSeeds);
            v.put("grid", grid);
            v.put("selected", best);
            r.put("validation", v);
            record.put("e_synthetic_small_audio_only_selected", r);
            write(record, out);
        }
        if (parts.contains("d")) {
            record.put("d_add_new_item", addItemTiming(syn, dSpec, seed, threads));
            write(record, out);
        }
        record.put("load_average_end", Machine.loadAverage());
        write(record, out);
    }

    private static Map<String, Object> run(Dataset data, Split split, Map<String, String> models, String baseline,
                                           List<String> compare, long seed, int threads) {
        return run(data, split, models, baseline, compare, seed, threads, seed, null);
    }

    /** Whether {@code e} is the trainer's divergence error (loss NaN): a failed fit, recorded as such. */
    private static boolean diverged(RuntimeException e) {
        return e.getMessage() != null && e.getMessage().contains("diverged");
    }

    /** {@code count} fit seeds {@code seed, seed + 1000, ...} (the splits keep {@code seed}). */
    private static long[] fitSeeds(long seed, int count) {
        long[] out = new long[count];
        for (int j = 0; j < count; j++) {
            out[j] = seed + 1000L * j;
        }
        return out;
    }

    /**
     * Models fitted with several fit seeds on {@code split}: every hybrid spec once per fit seed (rows
     * "NAME, fit seed S"), other specs (pop, TF-IDF: no randomness) once; each hybrid's per-user mean over
     * its fits is the row "NAME" itself, and paired t-tests compare each row (and each fit) with
     * {@code baseline}. A fit that diverges (loss NaN) is recorded in {@code diverged_fit_seeds} and left
     * out of the mean. One fit seed is one draw of the initialisation and sampling (the five audio-only
     * fits in hybrid-cold-start-e5.json range 0.084 to 0.102 Recall@20), so the mean over fits is what a
     * configuration is judged by.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> runFitSeeds(Dataset data, Split split, Map<String, String> models,
                                                   String baseline, long[] fitSeeds, long seed, int threads) {
        List<String> metrics = List.of("recall@20", "ndcg@10");
        List<ModelResult> results = new ArrayList<>();
        List<ModelResult> means = new ArrayList<>();
        Map<String, Object> rows = new LinkedHashMap<>();
        Map<String, Object> perFit = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : models.entrySet()) {
            String name = e.getKey();
            String spec = e.getValue();
            if (!spec.startsWith("hybrid")) {
                Map<String, Object> r = run(data, split, Map.of(name, spec), null, List.of(), seed, threads, seed, results);
                rows.putAll((Map<String, Object>) r.get("models"));
                means.add(results.get(results.size() - 1));
                continue;
            }
            List<ModelResult> fits = new ArrayList<>();
            List<Long> failed = new ArrayList<>();
            Map<String, Object> fitRows = new LinkedHashMap<>();
            for (long fs : fitSeeds) {
                try {
                    Map<String, Object> r = run(data, split, Map.of(name + ", fit seed " + fs, spec), null, List.of(),
                            seed, threads, fs, fits);
                    fitRows.putAll((Map<String, Object>) r.get("models"));
                } catch (IllegalStateException ex) {
                    if (!diverged(ex)) {
                        throw ex;
                    }
                    System.err.println(name + " fit seed " + fs + ": " + ex.getMessage());
                    failed.add(fs);
                }
            }
            if (fits.isEmpty()) {
                throw new IllegalStateException(name + ": every fit diverged");
            }
            ModelResult first = fits.get(0);
            Map<String, double[]> mean = new LinkedHashMap<>();
            Map<String, MetricSummary> summary = new LinkedHashMap<>();
            for (String metric : metrics) {
                double[] m = new double[first.users().length];
                for (ModelResult r : fits) {
                    if (!Arrays.equals(r.users(), first.users())) {
                        throw new IllegalStateException("fits evaluated on different users");
                    }
                    double[] u = r.perUser().get(metric);
                    for (int k = 0; k < m.length; k++) {
                        m[k] += u[k] / fits.size();
                    }
                }
                mean.put(metric, m);
                summary.put(metric, new MetricSummary(Arrays.stream(m).average().orElseThrow(), Double.NaN, Double.NaN,
                        m.length));
            }
            means.add(new ModelResult(name, Map.of(), 0, 0, summary, first.users(), mean));
            results.addAll(fits);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("spec", spec);
            row.put("fits", fits.size());
            row.put("diverged_fit_seeds", failed);
            for (String metric : metrics) {
                row.put(metric, summary.get(metric).mean());
                double[] each = new double[fits.size()];
                for (int j = 0; j < each.length; j++) {
                    each[j] = fits.get(j).metrics().get(metric).mean();
                }
                row.put(metric + "_per_fit", each);
            }
            rows.put(name, row);
            perFit.putAll(fitRows);
        }
        List<Object> tests = new ArrayList<>();
        List<ModelResult> all = new ArrayList<>(means);
        for (ModelResult r : results) {
            if (!all.contains(r)) {
                all.add(r);
            }
        }
        for (Comparison c : Comparisons.against(all, baseline, metrics)) {
            Map<String, Object> tt = new LinkedHashMap<>();
            tt.put("model", c.model());
            tt.put("baseline", c.baseline());
            tt.put("metric", c.metric());
            tt.put("difference", c.meanDifference());
            tt.put("p_value", c.pValue());
            tests.add(tt);
            System.err.printf(Locale.ROOT, "  %s vs %s %s: %+.4f p=%.2g%n", c.model(), c.baseline(), c.metric(),
                    c.meanDifference(), c.pValue());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", split.protocol());
        out.put("params", split.params());
        out.put("ranking", split.candidates() == null ? "full, all items" : "full, over the " + split.candidates().length
                + " candidate (cold) items");
        out.put("fit_seeds", fitSeeds);
        out.put("models", rows);
        out.put("models_per_fit", perFit);
        out.put("paired_t_tests", tests);
        out.put("load_average", Machine.loadAverage());
        return out;
    }

    /** {@link #run} with the models fitted with {@code fitSeed}; each result is also added to {@code sink} (may be null). */
    private static Map<String, Object> run(Dataset data, Split split, Map<String, String> models, String baseline,
                                           List<String> compare, long seed, int threads, long fitSeed,
                                           List<ModelResult> sink) {
        Evaluator evaluator = new Evaluator(new Evaluator.Options(new int[] {10, 20}, 0, threads, seed, 200));
        List<ModelResult> results = new ArrayList<>();
        Map<String, Object> rows = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : models.entrySet()) {
            Algorithm<?> a = AlgorithmRegistry.create(e.getValue());
            long t0 = System.nanoTime();
            Model m;
            try {
                m = a.fit(new TrainingData(split.train(), data.items(), data.users(), null),
                        new FitContext(fitSeed, threads, Progress.silent()));
            } catch (IllegalStateException diverged) {
                // A fit that diverged (NaN loss) is recorded and scores NaN, so a grid never selects it.
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("spec", e.getValue());
                row.put("error", diverged.getMessage());
                for (String metric : List.of("ndcg@10", "recall@10", "recall@20", "ndcg@20")) {
                    row.put(metric, Double.NaN);
                }
                row.put("fit_seconds", (System.nanoTime() - t0) / 1e9);
                rows.put(e.getKey(), row);
                System.err.println(e.getKey() + ": " + diverged.getMessage());
                continue;
            }
            double fit = (System.nanoTime() - t0) / 1e9;
            ModelResult r = evaluator.evaluate(e.getKey(), a.params(), fit, m, split, data.items(), data.users(),
                    Progress.silent());
            results.add(r);
            if (sink != null) {
                sink.add(r);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("spec", e.getValue());
            for (String metric : List.of("ndcg@10", "recall@10", "recall@20", "ndcg@20")) {
                MetricSummary s = r.metrics().get(metric);
                row.put(metric, s.mean());
                row.put(metric + "_ci", new double[] {s.ciLow(), s.ciHigh()});
            }
            row.put("users", r.users().length);
            row.put("fit_seconds", fit);
            if (m instanceof HybridModel h) {
                row.put("inputs", h.inputs());
                TwoTowerModel t = h.tower();
                if (t.hasItemBias()) {
                    // Diagnostic: the learned item prior alone (τ·b_i), to see what the user vector adds.
                    Model prior = new Model() {
                        @Override
                        public int numItems() {
                            return t.numItems();
                        }

                        @Override
                        public void score(UserQuery q, float[] out) {
                            for (int i = 0; i < out.length; i++) {
                                out[i] = t.itemBias(i);
                            }
                        }
                    };
                    row.put("diagnostic_item_prior_alone_ndcg@10", evaluator.evaluate("prior", Map.of(), 0, prior, split,
                            data.items(), data.users(), Progress.silent()).metrics().get("ndcg@10").mean());
                }
                float[] scales = new float[6];
                for (int n = 0; n < scales.length; n++) {
                    scales[n] = t.lengthScale(n == 5 ? 50 : n);
                }
                row.put("diagnostic_length_scale_at_0_1_2_3_4_50", scales);
            }
            rows.put(e.getKey(), row);
            System.err.printf(Locale.ROOT, "%-16s %-34s ndcg@10 %.4f recall@20 %.4f fit %.1fs  load %s%n",
                    split.protocol(), e.getKey(), r.metrics().get("ndcg@10").mean(), r.metrics().get("recall@20").mean(),
                    fit, Machine.loadAverage());
        }
        List<Map<String, Object>> tests = new ArrayList<>();
        for (Comparison c : baseline == null || !models.containsKey(baseline) ? List.<Comparison>of()
                : Comparisons.against(results, baseline, compare)) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("model", c.model());
            t.put("baseline", c.baseline());
            t.put("metric", c.metric());
            t.put("difference", c.meanDifference());
            t.put("p_value", c.pValue());
            tests.add(t);
            System.err.printf(Locale.ROOT, "  %s vs %s %s: %+.4f p=%.2g%n", c.model(), c.baseline(), c.metric(),
                    c.meanDifference(), c.pValue());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", split.protocol());
        out.put("params", split.params());
        out.put("ranking", split.candidates() == null ? "full, all items" : "full, over the " + split.candidates().length
                + " candidate (cold) items");
        out.put("models", rows);
        out.put("paired_t_tests", tests);
        out.put("load_average", Machine.loadAverage());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean floorMet(Map<String, Object> r, String model) {
        for (Map<String, Object> t : (List<Map<String, Object>>) r.get("paired_t_tests")) {
            if (t.get("model").equals(model) && t.get("metric").equals("ndcg@10")) {
                return (double) t.get("difference") > 0 && (double) t.get("p_value") < 0.05;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static double metric(Map<String, Object> r, String model, String metric) {
        return (double) ((Map<String, Object>) ((Map<String, Object>) r.get("models")).get(model)).get(metric);
    }

    private static double ratio(Map<String, Object> r, String a, String b, String metric) {
        return metric(r, a, metric) / metric(r, b, metric);
    }

    private static double diff(Map<String, Object> r, String a, String b, String metric) {
        return metric(r, a, metric) - metric(r, b, metric);
    }

    /**
     * Fit on all of synthetic:small, then add 20 brand-new items (copies of known items' text and image,
     * retitled) and time each from arrival until it is in some user's top 10: encode, append, then score
     * users (those who had the copied item first, then the rest) until one's top 10 holds the new item. The
     * model has the content prior ({@code content_bias}), so a new item gets a prior from what it is
     * rather than the zero of a dropped id.
     */
    private static Map<String, Object> addItemTiming(Dataset data, String spec, long seed, int threads) {
        Algorithm<?> a = AlgorithmRegistry.create(spec);
        HybridModel m = (HybridModel) a.fit(new TrainingData(data.interactions(), data.items(), data.users(), null),
                new FitContext(seed, threads, Progress.silent()));
        m.itemVector(data.items().get(0)); // opens the encoders once, as a server would at start-up
        int trials = 20;
        double[] ms = new double[trials];
        int[] ranks = new int[trials];
        int[] scanned = new int[trials];
        int[] reach = new int[trials];
        int[] reachAll = new int[trials];
        double[] addMs = new double[trials];
        int[] holders = new int[trials];
        int recommended = 0;
        for (int t = 0; t < trials; t++) {
            int src = 7 + 37 * t;
            ItemContent c = data.items().get(src);
            ItemContent fresh = new ItemContent("new " + t + " " + c.title(), c.text() + " (new edition " + t + ")",
                    c.categorical(), c.numeric(), c.image(), null, c.firstSeen());
            // The users who had the source item first (the new near-copy is most likely for them), then the rest.
            List<Integer> users = new ArrayList<>();
            for (int u = 0; u < data.interactions().numUsers(); u++) {
                if (data.interactions().contains(u, src)) {
                    users.add(u);
                }
            }
            holders[t] = users.size();
            for (int u = 0; u < data.interactions().numUsers(); u++) {
                if (!data.interactions().contains(u, src) && data.interactions().userCount(u) > 0) {
                    users.add(u);
                }
            }
            long t0 = System.nanoTime();
            HybridModel grown = m.withNewItems(List.of(fresh));
            addMs[t] = (System.nanoTime() - t0) / 1e6;
            int newId = grown.numItems() - 1;
            float[] scores = new float[grown.numItems()];
            int found = -1;
            for (int k = 0; k < users.size() && found < 0; k++) {
                int u = users.get(k);
                scoreUnseen(grown, data, u, scores);
                scanned[t] = k + 1;
                if (contains(TopK.select(scores, 10), newId)) {
                    found = u;
                }
            }
            ms[t] = (System.nanoTime() - t0) / 1e6;
            recommended += found >= 0 ? 1 : 0;
            // Untimed: the new item's rank for the first holder, and how many holders and users get it in their top 10.
            for (int k = 0; k < users.size(); k++) {
                int u = users.get(k);
                scoreUnseen(grown, data, u, scores);
                if (k == 0) {
                    int rank = 1;
                    for (float s : scores) {
                        rank += s > scores[newId] ? 1 : 0;
                    }
                    ranks[t] = rank;
                }
                boolean in = contains(TopK.select(scores, 10), newId);
                reach[t] += in && k < holders[t] ? 1 : 0;
                reachAll[t] += in ? 1 : 0;
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int[] sr = ranks.clone();
        Arrays.sort(sr);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("what", "time from arrival to being in a user's top 10: embed text (MiniLM, uncached) + image (CNN) + "
                + "item tower, append to the model, then score users (those who had the copied item first, then "
                + "the rest; all items but the user's own, top 10) until one's top 10 holds the new item; 20 new items that copy a known item's text "
                + "and image (retitled); model fitted on all of synthetic:small");
        out.put("spec", spec);
        double[] sortedAdd = addMs.clone();
        Arrays.sort(sortedAdd);
        out.put("add_ms_median", sortedAdd[trials / 2]);
        out.put("add_ms_all", addMs);
        out.put("ms_median", sorted[trials / 2]);
        out.put("ms_all", ms);
        out.put("recommended_trials", recommended);
        out.put("trials", trials);
        out.put("users_scored_until_recommended", scanned);
        out.put("holders_of_source_item", holders);
        out.put("holders_with_new_item_in_top10", reach);
        out.put("users_with_new_item_in_top10", reachAll);
        out.put("users", data.interactions().numActiveUsers());
        out.put("new_item_rank_for_first_holder_median", sr[trials / 2]);
        out.put("new_item_ranks_for_first_holder", ranks);
        out.put("catalogue_items", m.numItems());
        out.put("load_average", Machine.loadAverage());
        System.err.printf(Locale.ROOT, "add one item: median %.1f ms to a top 10 (%d of %d recommended); median rank "
                + "for the first holder %d of %d%n", sorted[trials / 2], recommended, trials, sr[trials / 2],
                m.numItems() + 1);
        return out;
    }

    /** User {@code u}'s scores with the items they already have set to −∞, as a recommendation list excludes them. */
    private static void scoreUnseen(HybridModel model, Dataset data, int u, float[] scores) {
        Interactions x = data.interactions();
        model.score(new UserQuery(u, x.history(u), data.users().get(u)), scores);
        for (int p = x.start(u); p < x.end(u); p++) {
            scores[x.item(p)] = Float.NEGATIVE_INFINITY;
        }
    }

    private static boolean contains(int[] items, int item) {
        for (int i : items) {
            if (i == item) {
                return true;
            }
        }
        return false;
    }


    private static void write(Map<String, Object> record, Path out) throws Exception {
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json + "\n");
        } else {
            System.out.println(json);
        }
    }
}
