package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.report.ConsoleTable;
import ai.affinity.split.Split;
import ai.affinity.tune.Trial;
import ai.affinity.tune.TuneReport;
import ai.affinity.tune.Tuner;
import ai.affinity.tune.TuningResult;
import ai.affinity.util.Machine;
import ai.affinity.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code affinity tune}: hyperparameter search on a validation carve-out of the training events,
 * then the tuned model, its defaults and most-popular evaluated on the untouched test split.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Tune a model's hyperparameters on a validation carve-out of the training events (the test "
                + "events are never used for selection), then evaluate the tuned model, its defaults and most-popular "
                + "on the test split.",
                "Tries the defaults first, then the full grid when it fits the budget, else seeded random samples. "
                        + "Writes trace.json, trace.csv, best.json (reusable with 'evaluate --config'), results.json, "
                        + "report.md and report.html."})
public final class TuneCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    EvaluateCommand.EvalOptions eval = new EvaluateCommand.EvalOptions();

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "Model to tune (see 'affinity models' for names and search ranges).")
    String model;

    @Option(names = "--budget", defaultValue = "20", paramLabel = "N",
            description = "Most trials on validation, the defaults included (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--metric", defaultValue = "ndcg@10", paramLabel = "METRIC@K",
            description = "Selection metric, maximised: precision, recall, f1, ndcg, map, mrr or hit at a cutoff "
                    + "(default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--search", defaultValue = "auto", paramLabel = "STRATEGY",
            description = "auto (grid when it fits the budget, else random), grid or random (default: ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--validation-fraction", defaultValue = "0.25", paramLabel = "F",
            description = "Share of each training user's events held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--trial-bootstrap", defaultValue = "200", paramLabel = "N",
            description = "Bootstrap resamples per trial's validation CI (default: ${DEFAULT-VALUE}).")
    int trialBootstrap;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for trace.json, trace.csv, best.json, results.json, report.md, report.html.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.err;
        PrintStream stdout = System.out;
        Tuner.Options options = new Tuner.Options(model, budget, metric, Tuner.Search.parse(search),
                validationFraction, trialBootstrap, eval.evaluatorOptions());
        // Fail on an unknown model before loading a possibly large data set.
        ai.affinity.model.AlgorithmRegistry.searchSpace(model);
        Dataset dataset = data.load(log);
        Split split = eval.split(dataset, data);
        log.printf("split %s: %d train events, %d test events%n", split.protocol(), split.train().numEvents(),
                split.test().numEvents());

        Map<String, Object> runInfo = new LinkedHashMap<>();
        runInfo.put("command", "affinity " + String.join(" ", Launch.currentArgs()));
        runInfo.put("seed", eval.seed);
        runInfo.put("started", Instant.now().toString());
        runInfo.put("machine", Machine.describe());
        long t0 = System.nanoTime();
        TuningResult result = Tuner.tune(dataset, split, options, runInfo, new Tuner.Listener() {
            @Override
            public void planned(String strategy, int trials, long gridSize, Split validation) {
                stdout.printf(Locale.ROOT, "tuning %s: %s search, %d trials (grid size %d, budget %d) on %s; "
                                + "validation %d train / %d held-out events%n", model, strategy, trials, gridSize,
                        budget, metric, validation.train().numEvents(), validation.test().numEvents());
                stdout.println(Tuner.selectionStatement(validationFraction, eval.seed, metric));
            }

            @Override
            public void trialDone(Trial trial, int total) {
                stdout.println(TuneReport.traceLine(trial, total, metric));
                stdout.flush();
            }

            @Override
            public void finalModel(String name, String spec) {
                log.printf("final fit on the full training events: %s (%s)%n", name, spec);
            }
        }, Progress.toStderr());
        double seconds = (System.nanoTime() - t0) / 1e9;
        result.test().run().put("seconds", seconds);

        Trial best = result.best();
        stdout.printf(Locale.ROOT, "best: %s (validation %s %.4f, trial %d of %d)%s%n%n", result.bestSpec(), metric,
                best.value(), best.index() + 1, result.trials().size(),
                result.defaults().failed() ? "" : String.format(Locale.ROOT, "; defaults %.4f", result.defaults().value()));
        stdout.println(ConsoleTable.render(result.test()));
        if (out != null) {
            TuneReport.writeAll(result, out);
            stdout.println("wrote " + out.resolve("best.json") + ", trace.json, trace.csv, results.json, report.md, "
                    + "report.html");
        }
        return 0;
    }
}
