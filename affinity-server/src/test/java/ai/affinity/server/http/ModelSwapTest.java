package ai.affinity.server.http;

import ai.affinity.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refits swap models while requests run: every request succeeds and later requests see newer versions. */
class ModelSwapTest {
    @TempDir
    Path dir;

    @Test
    void swapsUnderConcurrentRequestsFailNothing() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            long v0 = server.get("/v1/users/u1/recommendations?arm=itemknn").json().get("model_version").asLong();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            AtomicLong maxVersion = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int tt = t;
                pool.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        try {
                            String arm = (n++ & 1) == 0 ? "itemknn" : "pop";
                            TestServer.Response r = server.get("/v1/users/u" + (tt + n % 3) + "/recommendations?k=3&arm=" + arm);
                            if (r.status() == 200 && r.json().get("items").size() > 0) {
                                ok.incrementAndGet();
                                maxVersion.accumulateAndGet(r.json().get("model_version").asLong(), Math::max);
                            } else {
                                failures.merge(r.status() + " " + r.text(), 1, Integer::sum);
                            }
                        } catch (Exception e) {
                            failures.merge(e.toString(), 1, Integer::sum);
                        }
                    }
                });
            }
            for (int round = 0; round < 3; round++) {
                server.post("/v1/events", "[{\"user_id\": \"s" + round + "\", \"item_id\": \"i" + round + "\", \"type\": \"click\"}]",
                        TestServer.KEY);
                server.app.state().refit();
            }
            Thread.sleep(200);
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(Map.of(), failures);
            assertTrue(ok.get() > 20, "requests answered: " + ok.get());
            // Three refits of two arms each after v0.
            assertTrue(maxVersion.get() >= v0 + 5, "max version seen " + maxVersion.get() + " from " + v0);
        }
    }
}
