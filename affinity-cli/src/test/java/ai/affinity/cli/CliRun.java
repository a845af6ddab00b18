package ai.affinity.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the real command line in-process and captures what it prints; the CLI tests share it. */
final class CliRun {
    /** The exit code and everything printed to stdout and stderr. */
    record Result(int code, String out, String err) {
        /** {@code {code, out, err}}, for tests that index the parts. */
        String[] parts() {
            return new String[] {Integer.toString(code), out, err};
        }
    }

    private CliRun() {
    }

    /** Synchronized because System.out and System.err are global: one command at a time. */
    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = AffinityCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
