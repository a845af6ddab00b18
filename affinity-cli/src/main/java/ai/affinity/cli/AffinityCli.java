package ai.affinity.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code affinity} command: data handling, evaluation, tuning, the model list and the demo. */
@Command(name = "affinity", mixinStandardHelpOptions = true, version = "affinity 0.1.0",
        description = "Affinity: a deep-learning recommendation engine for the JVM.",
        subcommands = {DataCommand.class, EvaluateCommand.class, TuneCommand.class, CompareCommand.class, ModelsCommand.class,
                DemoCommand.class, ServeCommand.class, SimulateCommand.class, AdaptCommand.class,
                CommandLine.HelpCommand.class})
public final class AffinityCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        Launch.setArgs(args);
        // The deep models live in affinity-deep (DJL); core's registries learn about them here.
        ai.affinity.deep.DeepModels.register();
        CommandLine cl = new CommandLine(new AffinityCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // User mistakes (bad data, bad options) get one clear line, not a stack trace.
            if (ex instanceof IllegalArgumentException || ex instanceof ai.affinity.data.DataFormatException
                    || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof java.util.NoSuchElementException
                    || ex instanceof ai.affinity.server.store.StoreException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
