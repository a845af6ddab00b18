package ai.affinity.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code affinity serve} refuses bad options with one clear line (the running server is tested in affinity-server). */
class ServeCommandTest {
    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = AffinityCli.execute(args);
            return new String[]{Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void unknownModelsAndStoresAreOneLineErrors() {
        String[] r = run("serve", "--data", "synthetic:tiny", "--models", "itemknn,nosuch", "--port", "0");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("unknown model 'nosuch'"), r[2]);
        String[] s = run("serve", "--data", "synthetic:tiny", "--store", "jdbc:mysql://localhost/x", "--port", "0");
        assertEquals("2", s[0], s[2]);
        assertTrue(s[2].contains("unsupported JDBC URL"), s[2]);
        assertTrue(run("serve", "--help")[1].contains("--store"));
    }
}
