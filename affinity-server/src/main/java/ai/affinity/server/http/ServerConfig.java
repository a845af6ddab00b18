package ai.affinity.server.http;

/**
 * HTTP settings.
 *
 * @param host            interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port            TCP port, 0 for an ephemeral one (tests)
 * @param apiKey          key required by write endpoints ({@code X-API-Key} or {@code Authorization: Bearer}),
 *                        or null to leave writes open (development only)
 * @param maxRequestBytes largest request body accepted (413 above)
 * @param maxBatchEvents  most events in one POST /v1/events (413 above)
 * @param maxK            largest k for recommendation queries (400 above)
 */
public record ServerConfig(String host, int port, String apiKey, long maxRequestBytes, int maxBatchEvents, int maxK) {
    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxRequestBytes < 1024 || maxBatchEvents < 1 || maxK < 1) {
            throw new IllegalArgumentException("limits must be positive (max request >= 1 KiB)");
        }
        host = host == null ? "127.0.0.1" : host;
        apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    }

    /** Defaults: loopback, 16 MiB bodies (item images and audio), 10,000 events per batch, k up to 1,000. */
    public static ServerConfig defaults(int port, String apiKey) {
        return new ServerConfig("127.0.0.1", port, apiKey, 16L << 20, 10_000, 1_000);
    }
}
