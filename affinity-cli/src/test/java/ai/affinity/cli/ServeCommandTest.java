package ai.affinity.cli;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code affinity serve} refuses bad options with one clear line (the running server is tested in affinity-server). */
class ServeCommandTest {
    private static String[] run(String... args) {
        return CliRun.run(args).parts();
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
