package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;

import java.util.List;

/** Per-process state of the command line: the arguments, for recording in results. */
final class Launch {
    private static volatile List<String> args = List.of();

    private Launch() {
    }

    static void setArgs(String[] a) {
        args = List.of(a);
    }

    static List<String> currentArgs() {
        return args;
    }

    static Dataset generate(String preset, long seed) {
        return SyntheticGenerator.generate(SyntheticConfig.preset(preset), seed);
    }
}
