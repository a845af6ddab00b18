package ai.affinity.server;

import ai.affinity.data.Dataset;
import ai.affinity.server.http.AffinityServer;
import ai.affinity.server.http.ServerConfig;
import ai.affinity.server.serving.ModelUpdater;
import ai.affinity.server.serving.ServingState;
import ai.affinity.server.store.Store;

import java.util.Map;

/**
 * A running server: the store, the fitted arms, the background updater and the HTTP listener, started
 * together and closed together (HTTP first, so no request meets a closed store). What
 * {@code affinity serve} runs; tests start one on an ephemeral port.
 */
public final class ServerApp implements AutoCloseable {
    private final Store store;
    private final ServingState state;
    private final ModelUpdater updater;
    private final AffinityServer http;

    private ServerApp(Store store, ServingState state, ModelUpdater updater, AffinityServer http) {
        this.store = store;
        this.state = state;
        this.updater = updater;
        this.http = http;
    }

    /**
     * Settings of a server beyond HTTP.
     *
     * @param storeLocation  SQLite file path or JDBC URL
     * @param arms           arm name → algorithm spec, in order
     * @param experiment     experiment name (salt of the arm assignment)
     * @param refitSeconds   background refit interval; 0 disables the updater
     * @param seed           seed of every fit
     * @param threads        threads a fit may use
     */
    public record Options(String storeLocation, Map<String, String> arms, String experiment, long refitSeconds, long seed,
                          int threads) {
    }

    /**
     * Opens the store, fits every arm on {@code base} plus the stored events, starts the updater and
     * the HTTP server. On failure everything opened so far is closed again.
     */
    public static ServerApp start(Dataset base, Options options, ServerConfig http) {
        Store store = Store.open(options.storeLocation());
        ModelUpdater updater = null;
        try {
            ServingState state = ServingState.start(base, store, options.experiment(), options.arms(), options.seed(),
                    options.threads());
            if (options.refitSeconds() > 0) {
                updater = new ModelUpdater(state, options.refitSeconds());
                updater.start();
            }
            AffinityServer server = AffinityServer.start(http, state);
            return new ServerApp(store, state, updater, server);
        } catch (RuntimeException e) {
            if (updater != null) {
                updater.close();
            }
            store.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public ServingState state() {
        return state;
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        http.close();
        if (updater != null) {
            updater.close();
        }
        store.close();
    }
}
