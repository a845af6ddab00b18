package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.drift.AdaptationReport;
import ai.affinity.drift.AdaptationStudy;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.util.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code affinity adapt}: static vs fresh-history vs incremental vs drift-monitored models over time. */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Adapting to change, measured: train on the first part of the time line, then per time window "
                + "compare the model trained once (static), the same model reading fresh history (fold-in / "
                + "sequential), a model refitted every window (incremental), and one refitted only when a "
                + "Page-Hinkley drift monitor on its daily hit rate fires (monitored).",
                "Writes adapt.json (metric per window with bootstrap CIs, refit and alarm days)."})
public final class AdaptCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "synthetic:small", paramLabel = "SPEC",
            description = "Data set with timestamps (default: ${DEFAULT-VALUE}: drifting tastes, arriving items).")
    String data;

    @Option(names = "--models", defaultValue = "pop,ials", paramLabel = "SPECS",
            description = "Comma-separated model specs (default: ${DEFAULT-VALUE}).")
    String models;

    @Option(names = "--train-fraction", defaultValue = "0.5", description = "Share of the time span for the first fit (default: ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(names = "--windows", defaultValue = "6", description = "Evaluation windows after the cut (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--k", defaultValue = "10", description = "Cutoff (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of fits and bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-monitor", description = "Skip the drift-monitored variant (it evaluates every day).")
    boolean noMonitor;

    @Option(names = "--ph-delta", defaultValue = "0.005", description = "Page-Hinkley delta on the daily hit rate (default: ${DEFAULT-VALUE}).")
    double phDelta;

    @Option(names = "--ph-lambda", defaultValue = "1.0", description = "Page-Hinkley lambda on the daily hit rate (default: ${DEFAULT-VALUE}).")
    double phLambda;

    @Option(names = "--synthetic-drift", paramLabel = "X",
            description = "For synthetic data: override the generator's drift strength (0 = tastes never change; "
                    + "the presets use 0.5), e.g. to check that the drift monitor stays quiet without drift.")
    Double syntheticDrift;

    @Option(names = "--synthetic-initial-items", paramLabel = "F",
            description = "For synthetic data: override the share of items present from the start (1 = no arriving "
                    + "items; the presets use 0.6). With --synthetic-drift 0 this gives a stationary control.")
    Double syntheticInitialItems;

    @Option(names = "--shuffle-time", description = "Run on the no-drift control: each user's timestamps shuffled "
            + "among their own events (the drift monitor should stay quiet).")
    boolean shuffleTime;

    @Option(names = "--threads", description = "Threads for model fits (default: all cores).")
    Integer threads;

    @Option(names = "--out", defaultValue = "affinity-out/adapt.json", paramLabel = "FILE",
            description = "Output JSON (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<String> specs = AlgorithmRegistry.splitSpecs(models);
        for (String s : specs) {
            AlgorithmRegistry.create(s);
        }
        Map<String, Object> runInfo = new LinkedHashMap<>();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        AdaptationStudy.Options o = new AdaptationStudy.Options(trainFraction, windows, k, seed, t, !noMonitor, phDelta,
                phLambda);
        Dataset ds;
        if (syntheticDrift != null || syntheticInitialItems != null) {
            if (!data.startsWith("synthetic:")) {
                throw new IllegalArgumentException("--synthetic-drift and --synthetic-initial-items need --data synthetic:PRESET[@SEED], got '" + data + "'");
            }
            String rest = data.substring("synthetic:".length());
            int at = rest.indexOf('@');
            long dataSeed = at < 0 ? SyntheticGenerator.DEFAULT_SEED : Long.parseLong(rest.substring(at + 1));
            SyntheticConfig cfg = SyntheticConfig.preset(at < 0 ? rest : rest.substring(0, at)).withMedia(false);
            if (syntheticDrift != null) {
                cfg = cfg.withDriftStrength(syntheticDrift);
            }
            if (syntheticInitialItems != null) {
                cfg = cfg.withInitialItemFraction(syntheticInitialItems);
            }
            ds = SyntheticGenerator.generate(cfg, dataSeed);
        } else {
            ds = DataSources.load(data, LoadOptions.defaults());
        }
        if (shuffleTime) {
            ds = AdaptationStudy.shuffleTimeWithinUsers(ds, seed);
        }
        runInfo.put("shuffle_time", shuffleTime);
        runInfo.put("synthetic_drift", syntheticDrift);
        runInfo.put("synthetic_initial_items", syntheticInitialItems);
        runInfo.put("command", "affinity " + String.join(" ", Launch.currentArgs()));
        runInfo.put("started", Instant.now().toString());
        runInfo.put("machine", Machine.describe());
        runInfo.put("load_average_start", Machine.loadAverage());
        long t0 = System.nanoTime();
        AdaptationStudy.Result r = new AdaptationStudy(ds, o, System.err).run(specs);
        runInfo.put("seconds", (System.nanoTime() - t0) / 1e9);
        runInfo.put("load_average_end", Machine.loadAverage());
        AdaptationReport.write(r, o, runInfo, out);
        System.out.print(AdaptationReport.console(r, k));
        System.out.println("wrote " + out);
        return 0;
    }
}
