package ai.affinity.server.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency histograms in the Prometheus text format (version 0.0.4), without a metrics
 * library: per (method, route, status) request counts, per route latency histograms, and event
 * ingestion counters. Thread-safe and allocation-light on the request path.
 */
public final class ServerMetrics {
    /** Histogram bucket upper bounds in seconds. */
    static final double[] BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};

    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Histogram> latency = new ConcurrentHashMap<>();
    final LongAdder eventsAccepted = new LongAdder();
    final LongAdder eventsDuplicate = new LongAdder();

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final LongAdder sumMicros = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            int b = 0;
            while (b < BUCKETS.length && seconds > BUCKETS[b]) {
                b++;
            }
            counts[b].increment();
            sumMicros.add((long) (seconds * 1e6));
        }
    }

    void record(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(method + "\u0000" + route + "\u0000" + status, k -> new LongAdder()).increment();
        latency.computeIfAbsent(method + "\u0000" + route, k -> new Histogram()).observe(nanos / 1e9);
    }

    /** The exposition text; {@code gauges} are extra gauge lines (name with labels → value). */
    String render(Map<String, Double> gauges) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# HELP affinity_http_requests_total HTTP requests by method, route and status.\n");
        sb.append("# TYPE affinity_http_requests_total counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
            String[] p = e.getKey().split("\u0000");
            sb.append("affinity_http_requests_total{method=\"").append(p[0]).append("\",route=\"").append(escape(p[1]))
                    .append("\",status=\"").append(p[2]).append("\"} ").append(e.getValue().sum()).append('\n');
        }
        sb.append("# HELP affinity_http_request_duration_seconds Request latency by method and route.\n");
        sb.append("# TYPE affinity_http_request_duration_seconds histogram\n");
        for (Map.Entry<String, Histogram> e : new TreeMap<>(latency).entrySet()) {
            String[] p = e.getKey().split("\u0000");
            String labels = "method=\"" + p[0] + "\",route=\"" + escape(p[1]) + "\"";
            long cumulative = 0;
            Histogram h = e.getValue();
            for (int b = 0; b <= BUCKETS.length; b++) {
                cumulative += h.counts[b].sum();
                String le = b < BUCKETS.length ? Double.toString(BUCKETS[b]) : "+Inf";
                sb.append("affinity_http_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(le)
                        .append("\"} ").append(cumulative).append('\n');
            }
            sb.append("affinity_http_request_duration_seconds_sum{").append(labels).append("} ")
                    .append(h.sumMicros.sum() / 1e6).append('\n');
            sb.append("affinity_http_request_duration_seconds_count{").append(labels).append("} ").append(cumulative).append('\n');
        }
        sb.append("# HELP affinity_events_ingested_total Events committed to the store.\n");
        sb.append("# TYPE affinity_events_ingested_total counter\n");
        sb.append("affinity_events_ingested_total ").append(eventsAccepted.sum()).append('\n');
        sb.append("# HELP affinity_events_duplicate_total Events skipped as retries of a stored client event id.\n");
        sb.append("# TYPE affinity_events_duplicate_total counter\n");
        sb.append("affinity_events_duplicate_total ").append(eventsDuplicate.sum()).append('\n');
        String lastName = null;
        for (Map.Entry<String, Double> g : new TreeMap<>(gauges).entrySet()) {
            String name = g.getKey().contains("{") ? g.getKey().substring(0, g.getKey().indexOf('{')) : g.getKey();
            if (!name.equals(lastName)) {
                sb.append("# TYPE ").append(name).append(" gauge\n");
                lastName = name;
            }
            sb.append(g.getKey()).append(' ').append(g.getValue()).append('\n');
        }
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
