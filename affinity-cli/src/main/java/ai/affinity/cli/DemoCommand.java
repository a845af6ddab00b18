package ai.affinity.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code affinity demo}: the main job on the built-in synthetic data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate synthetic:small, evaluate every built-in model (most-popular, random, segment popularity, TF-IDF, item-kNN, user-kNN, BPR, iALS, EASE) and a deep model (Mult-VAE, 40 epochs) on a random 20%% holdout, and write the report; then a cold-start section: 20%% of items held out with all their events, ranked from content alone by the hybrid (n-gram text, image CNN, log-mel audio, attributes) against TF-IDF and most-popular.")
public final class DemoCommand implements Callable<Integer> {
    /** The models the demo compares; later issues add theirs here. */
    static final String MODELS = "pop,random,segpop,tfidf,itemknn,userknn,bpr,ials,ease,multvae:epochs=40";

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
        return code;
    }
}
