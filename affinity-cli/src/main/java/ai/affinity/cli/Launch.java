package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.synthetic.AffinityDirFormat;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;

import java.nio.file.Path;
import java.util.List;

/** Wiring done once per process: formats that live outside the loader registry, and the command line. */
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

    /** Registers {@code synthetic:NAME} (generated with {@code seed}) and {@code affinity:DIR}. */
    static void registerFormats(long seed) {
        DataSources.register("synthetic", (path, opts) -> generate(path, seed));
        DataSources.register("affinity", (path, opts) -> AffinityDirFormat.read(Path.of(path), opts.skipBadLines()));
    }

    static Dataset generate(String preset, long seed) {
        return SyntheticGenerator.generate(SyntheticConfig.preset(preset), seed).dataset();
    }
}
