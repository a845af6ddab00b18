package ai.affinity.data.load;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real MovieLens 100K, when {@code affinity.shared.data} holds it; skipped otherwise. */
class MovieLens100kRealDataTest {
    @Test
    void loadsMovieLens100kAndItsPredefinedSplit() throws IOException {
        String shared = System.getProperty("affinity.shared.data");
        Path dir = shared == null ? null : Path.of(shared, "ml-100k");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("u.data")),
                "MovieLens 100K not found under affinity.shared.data=" + shared);

        long t0 = System.nanoTime();
        Dataset d = DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 2000, "loading ml-100k took " + millis + " ms");

        assertEquals(943, d.numUsers());
        assertEquals(1682, d.numItems());
        assertEquals(100_000, d.interactions().numEvents());
        assertEquals(100_000, d.report().eventsKept());
        assertEquals(0, d.report().skippedTotal());
        assertEquals(1682, d.items().size());
        assertEquals(943, d.users().size());
        int toyStory = d.itemIds().require("1");
        assertEquals("Toy Story (1995)", d.items().get(toyStory).title());
        assertTrue(d.items().get(toyStory).categorical().get("genre").contains("Animation"));
        assertEquals(1995.0, d.items().get(toyStory).numeric().get("year"));
        assertTrue(d.users().get(d.userIds().require("1")).categorical().containsKey("occupation"));

        Interactions train = DataSources.loadEventsInto("ml-100k", dir.resolve("u1.base"), d.userIds(), d.itemIds(),
                LoadOptions.defaults());
        Interactions test = DataSources.loadEventsInto("ml-100k", dir.resolve("u1.test"), d.userIds(), d.itemIds(),
                LoadOptions.defaults());
        assertEquals(80_000, train.numEvents());
        assertEquals(20_000, test.numEvents());
        assertEquals(943, train.numUsers());
        assertEquals(1682, test.numItems());
    }
}
