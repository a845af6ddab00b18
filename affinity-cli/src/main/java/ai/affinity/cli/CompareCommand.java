package ai.affinity.cli;

import ai.affinity.compare.Compare;
import ai.affinity.compare.CompareConsole;
import ai.affinity.compare.CompareHtml;
import ai.affinity.compare.CompareJson;
import ai.affinity.compare.CompareOptions;
import ai.affinity.compare.CompareResult;
import ai.affinity.compare.Plan;
import ai.affinity.compare.Section;
import ai.affinity.data.Dataset;
import ai.affinity.model.AlgorithmRegistry;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code affinity compare}: where deep learning beats traditional methods on a data set, section by
 * section, with the same tuning budget for every method and seeded repeats (see {@link Compare}).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare the best traditional method with the best deep one in six sections: 1 warm accuracy "
                + "(random holdout), 2 sequential next item (leave-last-out), 3 cold items, 4 cold users, 5 drift "
                + "(temporal split and rolling time windows), 6 content ablation of the hybrid model.",
                "Every method is tuned with the same budget on a validation split of the training events only, then "
                        + "evaluated in seeded repeats; each section states a verdict computed from paired tests. "
                        + "Sections the data cannot support are skipped with the reason. Writes results.json and "
                        + "report.html."})
public final class CompareCommand implements Callable<Integer> {
    /** Quick mode's settings, unless given explicitly. */
    static final int QUICK_BUDGET = 2;
    static final int QUICK_REPEATS = 1;
    static final int QUICK_EPOCHS = 10;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--budget", paramLabel = "N",
            description = "Tuning trials per method and section, the defaults included; the same for every method "
                    + "(default: 10, quick: " + QUICK_BUDGET + ").")
    Integer budget;

    @Option(names = "--repeats", paramLabel = "R",
            description = "Seeded repeats of each section's test evaluation (default: 3, quick: " + QUICK_REPEATS + ").")
    Integer repeats;

    @Option(names = "--seed", defaultValue = "42", description = "Base seed of tuning, splits, fits and bootstrap "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sections", defaultValue = "all", paramLabel = "LIST",
            description = "Sections to run, by name or number: warm, sequential, cold-items, cold-users, drift, "
                    + "ablation, or all (default: ${DEFAULT-VALUE}).")
    String sections;

    @Option(names = "--traditional", paramLabel = "SPECS",
            description = "Traditional methods (NAME or NAME:key=value,...; given parameters are not tuned). Default: "
                    + "each section's sensible subset of pop, itemknn, bpr, ials, ease, tfidf, segpop.")
    String traditional;

    @Option(names = "--deep", paramLabel = "SPECS",
            description = "Deep methods, as --traditional. Default: each section's subset of multvae, sasrec, neumf, "
                    + "twotower, hybrid that is registered.")
    String deep;

    @Option(names = "--quick", description = "A shortened run: budget " + QUICK_BUDGET + ", " + QUICK_REPEATS
            + " repeat, deep models at most " + QUICK_EPOCHS + " epochs (unless given explicitly).")
    boolean quick;

    @Option(names = "--minutes", defaultValue = "30", paramLabel = "M",
            description = "Time limit of the run in minutes (0: none). When the plan's estimate is above it, the run "
                    + "is shortened in a fixed, reported order: fewer tuning trials (never below what --budget sets), "
                    + "2 repeats, one tuning per method for the whole run, a cap on deep epochs, a seeded user sample "
                    + "on large data (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--users", paramLabel = "N",
            description = "Compare on the events of N seeded-random users only (default: every user, unless the time "
                    + "limit needs a sample).")
    Integer users;

    @Option(names = "--k", defaultValue = "5,10,20", split = ",", description = "Cutoffs; verdicts use 10 when "
            + "present (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--windows", defaultValue = "4", paramLabel = "W",
            description = "Rolling time windows in the drift section (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance threshold of the verdicts "
            + "(default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for results.json and report.html.")
    Path out;

    @Option(names = "--plan", description = "Print the plan (methods, fit counts and estimated seconds per section) "
            + "and exit without fitting anything.")
    boolean planOnly;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.err;
        CompareOptions requested = options();
        Dataset dataset = data.load(log);
        Plan.Fitted fitted = Plan.fit(dataset, requested, minutes * 60, budget != null, repeats != null,
                users != null);
        CompareOptions options = fitted.options();
        PrintStream planOut = planOnly ? System.out : log;
        if (minutes > 0) {
            planOut.printf(java.util.Locale.ROOT, "time limit %.0f min:%s%n", minutes, fitted.reductions().isEmpty()
                    ? " the default plan fits" : " shortened to fit it");
            fitted.reductions().forEach(r -> planOut.println("  " + r));
            if (fitted.overLimit()) {
                planOut.printf(java.util.Locale.ROOT, "  warning: even the shortest plan is estimated at %.0f min; "
                        + "choose fewer --sections or methods%n", fitted.estimateSeconds() / 60);
            }
        }
        if (planOnly) {
            List<String> lines = new java.util.ArrayList<>();
            double total = Plan.estimate(dataset, options, lines).values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(java.util.Locale.ROOT, "plan: about %.0f s (%.0f min) in all (rough: per-fit costs "
                    + "measured on this project's quiet 2-core machine, scaled by data size)%n", total, total / 60);
            lines.forEach(System.out::println);
            return 0;
        }
        Map<String, Object> runInfo = new LinkedHashMap<>();
        runInfo.put("time_limit_minutes", minutes > 0 ? minutes : "none");
        runInfo.put("plan_reductions", fitted.reductions());
        runInfo.put("command", "affinity " + String.join(" ", Launch.currentArgs()));
        runInfo.put("seed", seed);
        runInfo.put("started", Instant.now().toString());
        runInfo.put("machine", Machine.describe());
        runInfo.put("load_average_start", Machine.loadAverage());
        CompareResult result = Compare.run(dataset, options, runInfo, log::println, Progress.toStderr(), partial -> {
            if (out != null) {
                try {
                    // Written after every section, so a run stopped early keeps what finished (JSON and report).
                    CompareJson.write(partial, out.resolve("results.json"));
                    CompareHtml.write(partial, out.resolve("report.html"));
                } catch (IOException e) {
                    log.println("could not write the partial results: " + e.getMessage());
                }
            }
        });
        result.run().put("load_average_end", Machine.loadAverage());
        System.out.println(CompareConsole.render(result));
        if (out != null) {
            CompareJson.write(result, out.resolve("results.json"));
            CompareHtml.write(result, out.resolve("report.html"));
            System.out.println("wrote " + out.resolve("results.json") + ", " + out.resolve("report.html"));
        }
        return 0;
    }

    /** The options, checked before any data is loaded (unknown sections or models fail fast). */
    CompareOptions options() {
        List<String> trad = specs(traditional, "--traditional");
        List<String> dp = specs(deep, "--deep");
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        int b = budget != null ? budget : quick ? QUICK_BUDGET : 10;
        int r = repeats != null ? repeats : quick ? QUICK_REPEATS : 3;
        if (users != null && users < 1) {
            throw new IllegalArgumentException("--users must be >= 1, got " + users);
        }
        return new CompareOptions(b, r, seed, Section.parseList(sections), ks, trad, dp, quick, QUICK_EPOCHS, t,
                windows, alpha, CompareOptions.HYBRID, 0, users == null ? 0 : users, false, 0);
    }

    private static List<String> specs(String list, String option) {
        if (list == null) {
            return null;
        }
        List<String> specs = AlgorithmRegistry.splitSpecs(list);
        if (specs.isEmpty()) {
            throw new IllegalArgumentException(option + " lists no models");
        }
        for (String s : specs) {
            try {
                AlgorithmRegistry.create(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }
}
