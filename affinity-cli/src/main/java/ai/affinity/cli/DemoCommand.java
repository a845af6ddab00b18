package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.eval.EvaluationResult;
import ai.affinity.model.Algorithm;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.report.ConsoleTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code affinity demo}: the main job on the built-in synthetic data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate synthetic:small, evaluate the built-in models on a random holdout, and write the report.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "affinity-out/demo", paramLabel = "DIR",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--size", defaultValue = "small", description = "Synthetic preset: tiny, small, medium, large (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Override
    public Integer call() throws IOException {
        DataOptions data = new DataOptions();
        data.data = "synthetic:" + size;
        data.dataSeed = seed;
        data.duplicates = ai.affinity.data.DuplicatePolicy.LAST;
        Dataset dataset = data.load(System.err);
        EvaluateCommand.EvalOptions eval = new EvaluateCommand.EvalOptions();
        eval.protocol = "random";
        eval.testFraction = 0.2;
        eval.coldFraction = 0.2;
        eval.revealed = 3;
        eval.leaveOut = 1;
        eval.ks = new int[] {5, 10, 20};
        eval.seed = seed;
        List<Algorithm<?>> algorithms = new ArrayList<>();
        for (String name : List.of("pop", "random")) {
            algorithms.add(AlgorithmRegistry.create(name));
        }
        EvaluationResult result = EvaluateCommand.run(dataset, data, eval, algorithms, null,
                "affinity demo --size " + size + " --seed " + seed, System.err);
        System.out.println(ConsoleTable.render(result));
        EvaluateCommand.writeReports(result, out);
        System.out.println();
        System.out.println("Report: " + out.toAbsolutePath().resolve("report.html"));
        System.out.println("        " + out.toAbsolutePath().resolve("report.md"));
        System.out.println("        " + out.toAbsolutePath().resolve("results.json"));
        return 0;
    }
}
