package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.server.ServerApp;
import ai.affinity.server.http.ServerConfig;
import ai.affinity.server.serving.ServingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code affinity serve}: the HTTP server over a data set and a store, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve recommendations over HTTP: fits each model (A/B arm) on the data set plus the stored "
                + "events, answers from every user's latest history, ingests events durably and refits in the background. "
                + "API: /openapi.json.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--store", paramLabel = "FILE|JDBC-URL", defaultValue = "affinity-out/serve/affinity.db",
            description = "SQLite file (created if missing) or a PostgreSQL JDBC URL, e.g. "
                    + "jdbc:postgresql://localhost/affinity?user=affinity (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Interface to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--models", paramLabel = "SPECS", defaultValue = "itemknn,pop",
            description = "One A/B arm per model spec, NAME or NAME:key=value,... (default: ${DEFAULT-VALUE}).")
    String models;

    @Option(names = "--experiment", paramLabel = "NAME", defaultValue = "default",
            description = "Experiment name; users are assigned to arms by a hash of it and their id (default: ${DEFAULT-VALUE}).")
    String experiment;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Key required by write endpoints (X-API-Key or Authorization: Bearer). Default: the "
                    + "AFFINITY_API_KEY environment variable; without either, writes are open (development only).")
    String apiKey;

    @Option(names = "--refit-seconds", paramLabel = "S", defaultValue = "300",
            description = "Update every arm from new stored events this often (incremental where the model supports it, see "
                    + "--full-refit-every); 0 turns the background updater off (default: ${DEFAULT-VALUE}).")
    long refitSeconds;

    @Option(names = "--full-refit-every", paramLabel = "N", defaultValue = "10",
            description = "Models with an incremental update (ials) get warm-started updates from new events; every N-th "
                    + "background update is a full refit instead; 0 = always full (default: ${DEFAULT-VALUE}).")
    int fullRefitEvery;

    @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "Largest request body (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "10000", description = "Most events per POST /v1/events (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every fit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "Threads a fit may use; 0 = all cores (default).")
    int threads;

    @Override
    public Integer call() throws Exception {
        Map<String, String> arms = ServingState.armsFromSpecs(AlgorithmRegistry.splitSpecs(models));
        for (String spec : arms.values()) {
            AlgorithmRegistry.create(spec); // fail fast on a typo, before loading data
        }
        String key = apiKey != null ? apiKey : System.getenv("AFFINITY_API_KEY");
        Dataset d = data.load(System.out);
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ServerConfig http = new ServerConfig(host, port, key, maxRequestBytes, maxBatch, 1000);
        long t0 = System.nanoTime();
        ServerApp app = ServerApp.start(d, new ServerApp.Options(store, arms, experiment, refitSeconds, seed, t), http);
        app.state().setFullRefitEvery(fullRefitEvery);
        System.out.printf("fitted %d arm(s) %s in %.1fs; store %s%n", arms.size(), arms.keySet(), (System.nanoTime() - t0) / 1e9,
                app.store().description());
        if (key == null) {
            System.out.println("warning: no --api-key or AFFINITY_API_KEY: write endpoints are open");
        }
        System.out.printf("serving on http://%s:%d (API: /openapi.json, health: /health); Ctrl-C stops%n", host, app.port());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            done.countDown();
        }, "affinity-shutdown"));
        done.await();
        return 0;
    }
}
