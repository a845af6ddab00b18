package ai.affinity.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code affinity demo}: the main job on the built-in synthetic data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate synthetic:small, evaluate every built-in model (most-popular, random, segment popularity, TF-IDF, item-kNN, user-kNN, BPR, iALS, EASE) and a deep model (Mult-VAE, 40 epochs) on a random 20%% holdout, and write the report; then a cold-start section: 20%% of items held out with all their events, ranked from content alone by the hybrid (n-gram text, image CNN, log-mel audio, attributes) against TF-IDF and most-popular.",
                "Then a shortened 'affinity compare' (--quick: budget 2, 1 repeat, deep models at most 10 epochs) on synthetic:" + DemoCommand.COMPARE_SIZE + ": all six sections, each with its verdict or the reason it could not run."})
public final class DemoCommand implements Callable<Integer> {
    /** The models the demo compares; later issues add theirs here. */
    static final String MODELS = "pop,random,segpop,tfidf,itemknn,userknn,bpr,ials,ease,multvae:epochs=40";
    /** The shortened compare runs on this preset so that the whole demo stays within about 3 minutes. */
    static final String COMPARE_SIZE = "tiny";
    /**
     * One or two representatives per family, so that the shortened compare stays short: each section keeps
     * those it supports (the content ones in cold items; the ablation always uses the hybrid).
     */
    static final String COMPARE_TRADITIONAL = "pop,segpop,tfidf,itemknn,ease";
    static final String COMPARE_DEEP = "multvae,sasrec,twotower";

    @Option(names = "--no-compare", description = "Skip the shortened compare.")
    boolean noCompare;

    @Option(names = "--out", defaultValue = "affinity-out/demo", paramLabel = "DIR",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--size", defaultValue = "small", description = "Synthetic preset: tiny, small, medium, large (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    /** The cold-start section's models: the hybrid (fast n-gram text, 5 epochs) against content and popularity baselines. */
    static final String COLD_MODELS = "hybrid:text=ngram,image=cnn,audio=logmel,epochs=5,tfidf,pop";

    @Option(names = "--cold-start", defaultValue = "true", negatable = true,
            description = "Add the cold-start section (report under DIR/cold-items; default: ${DEFAULT-VALUE}).")
    boolean coldStart;

    @Override
    public Integer call() throws IOException {
        // The demo is an ordinary evaluate run with fixed arguments, so both stay one code path.
        String[] args = {"--data", "synthetic:" + size, "--data-seed", Long.toString(seed), "--seed", Long.toString(seed),
                "--protocol", "random", "--test-fraction", "0.2", "--k", "5,10,20", "--models", MODELS,
                "--out", out.toString()};
        EvaluateCommand evaluate = new EvaluateCommand();
        new CommandLine(evaluate).parseArgs(args);
        int code = evaluate.call();
        System.out.println();
        System.out.println("Report: " + out.toAbsolutePath().resolve("report.html"));
        if (code == 0 && coldStart) {
            System.out.println();
            System.out.println("Cold start: 20% of items held out with all their events; each test user's held-out items "
                    + "ranked among the cold items only, from content alone.");
            Path cold = out.resolve("cold-items");
            String[] coldArgs = {"--data", "synthetic:" + size, "--data-seed", Long.toString(seed), "--seed",
                    Long.toString(seed), "--protocol", "cold-items", "--cold-fraction", "0.2", "--k", "10,20",
                    "--models", COLD_MODELS, "--baseline", "pop", "--out", cold.toString()};
            EvaluateCommand coldEvaluate = new EvaluateCommand();
            new CommandLine(coldEvaluate).parseArgs(coldArgs);
            code = coldEvaluate.call();
            System.out.println();
            System.out.println("Cold-start report: " + cold.toAbsolutePath().resolve("report.html"));
        }
        if (code != 0 || noCompare) {
            return code;
        }
        System.out.println();
        System.out.println("Shortened compare (affinity compare --quick) on synthetic:" + COMPARE_SIZE + ":");
        String[] cargs = {"--data", "synthetic:" + COMPARE_SIZE, "--data-seed", Long.toString(seed), "--seed",
                Long.toString(seed), "--quick", "--traditional", COMPARE_TRADITIONAL, "--deep", COMPARE_DEEP,
                "--out", out.resolve("compare").toString()};
        CompareCommand compare = new CompareCommand();
        new CommandLine(compare).parseArgs(cargs);
        code = compare.call();
        System.out.println("Compare report: " + out.toAbsolutePath().resolve("compare").resolve("report.html"));
        return code;
    }
}
