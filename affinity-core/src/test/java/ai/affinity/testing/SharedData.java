package ai.affinity.testing;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data sets beside the repository ({@code ../shared/data}, or the system property
 * {@code affinity.shared.data} that surefire sets). Tests that need one call these and are skipped,
 * with a message naming the path, when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data directory (may not exist). */
    public static Path root() {
        return Path.of(System.getProperty("affinity.shared.data", "../shared/data"));
    }

    /** MovieLens 100K loaded with default options, or the calling test is skipped. */
    public static Dataset movieLens100k(String what) throws IOException {
        Path dir = root().resolve("ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("u.data")),
                "MovieLens 100K not found at " + dir + "; skipping " + what);
        return DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
    }
}
