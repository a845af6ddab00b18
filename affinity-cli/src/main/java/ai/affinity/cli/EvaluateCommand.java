package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.load.DataSources;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.Experiment;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.report.ConsoleTable;
import ai.affinity.report.HtmlReport;
import ai.affinity.report.JsonReport;
import ai.affinity.report.MarkdownReport;
import ai.affinity.split.PredefinedSplit;
import ai.affinity.split.Split;
import ai.affinity.split.SplitProtocol;
import ai.affinity.split.SplitProtocols;
import ai.affinity.tune.ModelConfigs;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code affinity evaluate}: split, fit, evaluate, compare, write the reports. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate models on a data set under a protocol; prints a table and writes results.json, "
                + "report.md and report.html.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    EvalOptions eval = new EvalOptions();

    /** What runs when neither --models nor --config is given. */
    static final String DEFAULT_MODELS = "pop,random";

    @Option(names = "--models", paramLabel = "SPECS",
            description = "Comma-separated models, each NAME or NAME:key=value,... (default: " + DEFAULT_MODELS
                    + " when no --config is given).")
    String models;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file of models: {\"models\": [\"ease:lambda=500\", ...]} or a best.json written by "
                    + "'tune'. Repeatable; added after --models when both are given.")
    List<Path> configs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for results.json, report.md, report.html.")
    Path out;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "Model the others are compared with (default: the best baseline by NDCG at the primary k).")
    String baseline;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.err;
        // Model specs are checked before the data set is loaded, so a typo fails fast.
        List<Algorithm<?>> algorithms = new ArrayList<>();
        for (String spec : modelSpecs()) {
            algorithms.add(AlgorithmRegistry.create(spec));
        }
        Dataset dataset = data.load(log);
        String command = "affinity " + String.join(" ", Launch.currentArgs());
        EvaluationResult result = run(dataset, data, eval, algorithms, baseline, command, log);
        System.out.println(ConsoleTable.render(result));
        if (out != null) {
            writeReports(result, out);
            System.out.println("wrote " + out.resolve("results.json") + ", " + out.resolve("report.md") + ", "
                    + out.resolve("report.html"));
        }
        return 0;
    }

    /** --models, then each --config file's specs; the default models when neither is given. */
    List<String> modelSpecs() {
        List<String> specs = new ArrayList<>();
        if (models != null) {
            specs.addAll(AlgorithmRegistry.splitSpecs(models));
        }
        for (Path file : configs) {
            specs.addAll(ModelConfigs.read(file));
        }
        if (models == null && configs.isEmpty()) {
            specs.addAll(AlgorithmRegistry.splitSpecs(DEFAULT_MODELS));
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("--models lists no models");
        }
        return specs;
    }

    static EvaluationResult run(Dataset dataset, DataOptions data, EvalOptions eval, List<Algorithm<?>> algorithms,
                                String baseline, String command, PrintStream log) throws IOException {
        Split split = eval.split(dataset, data);
        log.printf("split %s: %d train events, %d test events%n", split.protocol(), split.train().numEvents(),
                split.test().numEvents());
        Map<String, Object> runInfo = new LinkedHashMap<>();
        runInfo.put("command", command);
        runInfo.put("seed", eval.seed);
        runInfo.put("started", Instant.now().toString());
        runInfo.put("machine", Machine.describe());
        long t0 = System.nanoTime();
        EvaluationResult r = Experiment.run(dataset, split, algorithms, eval.evaluatorOptions(), baseline, runInfo,
                Progress.toStderr());
        runInfo.put("seconds", (System.nanoTime() - t0) / 1e9);
        return r;
    }

    static void writeReports(EvaluationResult result, Path out) throws IOException {
        Files.createDirectories(out);
        JsonReport.write(result, out.resolve("results.json"));
        MarkdownReport.write(result, out.resolve("report.md"));
        HtmlReport.write(result, out.resolve("report.html"));
    }

    /** Protocol and metric options shared by evaluate and demo. */
    public static final class EvalOptions {
        @Option(names = "--protocol", defaultValue = "random", paramLabel = "NAME",
                description = "random, temporal, leave-last-out, cold-items, cold-users (default: ${DEFAULT-VALUE}); "
                        + "ignored with --train/--test.")
        String protocol;

        @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of events held out (random, temporal).")
        double testFraction;

        @Option(names = "--cold-fraction", defaultValue = "0.2", description = "Share of items (cold-items) or users (cold-users) held out.")
        double coldFraction;

        @Option(names = "--revealed", defaultValue = "3", description = "cold-users: first events given to the model at query time.")
        int revealed;

        @Option(names = "--max-events", defaultValue = "0", description = "cold-users: only users with at most this many events (0: any).")
        int maxEvents;

        @Option(names = "--leave-out", defaultValue = "1", description = "leave-last-out: events held out per user.")
        int leaveOut;

        @Option(names = "--train", paramLabel = "FILE", description = "Predefined split: training events (same layout as the data set's events).")
        Path trainFile;

        @Option(names = "--test", paramLabel = "FILE", description = "Predefined split: test events.")
        Path testFile;

        @Option(names = "--k", defaultValue = "5,10,20", split = ",", description = "Cutoffs (default: ${DEFAULT-VALUE}).")
        int[] ks;

        @Option(names = "--sampled", defaultValue = "0", paramLabel = "N",
                description = "Rank each user's test items among N sampled negatives instead of all items (labelled 'sampled').")
        int sampled;

        @Option(names = "--seed", defaultValue = "42", description = "Seed for splits, models and bootstrap (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", description = "Worker threads (default: all cores).")
        Integer threads;

        @Option(names = "--bootstrap", defaultValue = "0", description = "Bootstrap resamples (0: 1000, fewer for very many users).")
        int bootstrap;

        Evaluator.Options evaluatorOptions() {
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            return new Evaluator.Options(ks, sampled, t, seed, bootstrap);
        }

        Split split(Dataset dataset, DataOptions data) throws IOException {
            if (trainFile != null || testFile != null) {
                if (trainFile == null || testFile == null) {
                    throw new IllegalArgumentException("--train and --test must be given together");
                }
                String format = data.data.substring(0, Math.max(0, data.data.indexOf(':')));
                Interactions train = DataSources.loadEventsInto(format, trainFile, dataset.userIds(), dataset.itemIds(),
                        data.loadOptions());
                Interactions test = DataSources.loadEventsInto(format, testFile, dataset.userIds(), dataset.itemIds(),
                        data.loadOptions());
                return new PredefinedSplit(train, test, trainFile.getFileName().toString(),
                        testFile.getFileName().toString()).split(dataset, seed);
            }
            Map<String, String> options = new LinkedHashMap<>();
            options.put("test-fraction", Double.toString(testFraction));
            options.put("cold-fraction", Double.toString(coldFraction));
            options.put("revealed", Integer.toString(revealed));
            options.put("max-events", Integer.toString(maxEvents));
            options.put("leave-out", Integer.toString(leaveOut));
            SplitProtocol p = SplitProtocols.create(protocol, options);
            return p.split(dataset, seed);
        }

        @Override
        public String toString() {
            return protocol + " k=" + Arrays.toString(ks);
        }
    }
}
