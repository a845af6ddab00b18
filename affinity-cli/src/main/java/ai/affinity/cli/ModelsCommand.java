package ai.affinity.cli;

import ai.affinity.model.AlgorithmRegistry;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code affinity models}: every registered model, its defaults and the ranges {@code tune} searches. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the registered models with their default parameters and the search ranges 'tune' explores.")
public final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        StringBuilder sb = new StringBuilder();
        for (String name : AlgorithmRegistry.names()) {
            sb.append(AlgorithmRegistry.describe(name));
        }
        sb.append("\nUse a model as NAME or NAME:key=value,... in 'evaluate --models'; 'tune --model NAME' searches ")
                .append("the ranges above.\n");
        System.out.print(sb);
        return 0;
    }
}
