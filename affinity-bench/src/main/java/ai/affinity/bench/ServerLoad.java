package ai.affinity.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load client for {@code affinity serve}, run as a second process on loopback (JDK classes only, so it
 * also runs straight from source: {@code java affinity-bench/src/main/java/ai/affinity/bench/ServerLoad.java}).
 * Prints one JSON object with the measurements on stdout; the scripts {@code run-ingest.sh} and
 * {@code run-freshness.sh} start the server, call it and write the results.
 *
 * <pre>
 * ingest    URL KEY SECONDS BATCH CONNECTIONS USERS ITEMS RUN_ID
 *           C connections post batches of BATCH click events with unique client event ids back to back
 *           for SECONDS; counts events acknowledged (HTTP 200, "accepted") and batch latencies.
 * freshness URL KEY ROUNDS SEED ARM
 *           events: a new user clicks one item; then, timed, a second click on a random item outside the
 *             current top 10, polling the recommendations until they change.
 *           items: PUT of a new item carrying the content of the user's current top item (a new edition),
 *             timed until the new item appears in the user's top 10.
 * latency   URL SECONDS RATE USERS SEED K WORKERS
 *           open loop at a fixed rate (wrk2-style): request i is due at start + i / RATE and asks
 *           GET /v1/users/u{random < USERS}/recommendations?k=K; latency counts from the due time, not from
 *           the actual send, so a stalled server is charged for every request it delayed (no coordinated
 *           omission). WORKERS threads share the schedule and one keep-alive client; a request whose worker
 *           was still busy at its due time starts late and is charged the lag.
 * </pre>
 */
public final class ServerLoad {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern ITEM_ID = Pattern.compile("\"item_id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ServerLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ServerLoad ingest URL KEY SECONDS BATCH CONNECTIONS USERS ITEMS RUN_ID | "
                    + "freshness URL KEY ROUNDS SEED ARM | latency URL SECONDS RATE USERS SEED K WORKERS");
            System.exit(2);
        }
        switch (args[0]) {
            case "ingest" -> ingest(args[1], args[2], Double.parseDouble(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]), args[8]);
            case "freshness" -> freshness(args[1], args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]), args[5]);
            case "latency" -> latency(args[1], Double.parseDouble(args[2]), Double.parseDouble(args[3]), Integer.parseInt(args[4]),
                    Long.parseLong(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    // ---- ingestion ----

    static void ingest(String url, String key, double seconds, int batch, int connections, int users, int items,
                       String runId) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            final int conn = c;
            threads[c] = new Thread(() -> {
                HttpClient http = client();
                SplittableRandom rng = new SplittableRandom(conn * 7919L + 1);
                long[] lat = new long[1024];
                int n = 0;
                StringBuilder sb = new StringBuilder(batch * 96);
                for (int b = 0; System.nanoTime() < end; b++) {
                    sb.setLength(0);
                    sb.append("{\"events\":[");
                    for (int e = 0; e < batch; e++) {
                        if (e > 0) {
                            sb.append(',');
                        }
                        sb.append("{\"user_id\":\"lu").append(rng.nextInt(users)).append("\",\"item_id\":\"i")
                                .append(rng.nextInt(items)).append("\",\"type\":\"click\",\"event_id\":\"")
                                .append(runId).append('-').append(conn).append('-').append(b).append('-').append(e).append("\"}");
                    }
                    sb.append("]}");
                    HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/v1/events")).header("X-API-Key", key)
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build();
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - s;
                        if (r.statusCode() == 200) {
                            Matcher m = ACCEPTED.matcher(r.body());
                            acked.addAndGet(m.find() ? Long.parseLong(m.group(1)) : 0);
                            batches.incrementAndGet();
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = took;
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException ex) {
                        failed.incrementAndGet();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                latencies[conn] = lat;
                counts[conn] = n;
            }, "ingest-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int w = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, w, counts[c]);
            w += counts[c];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "{\"events_acknowledged\": %d, \"batches\": %d, \"failed_batches\": %d, "
                        + "\"seconds\": %.3f, \"events_per_second\": %.1f, \"batch_size\": %d, \"connections\": %d, "
                        + "\"batch_latency_ms\": {\"p50\": %.2f, \"p99\": %.2f, \"max\": %.2f}}%n",
                acked.get(), batches.get(), failed.get(), elapsed, acked.get() / elapsed, batch, connections,
                pct(all, 0.5), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }

    // ---- latency (open loop, fixed rate) ----

    static void latency(String url, double seconds, double rate, int users, long seed, int k, int workers) throws Exception {
        if (rate <= 0 || seconds <= 0 || users < 1 || workers < 1) {
            throw new IllegalArgumentException("latency: SECONDS, RATE, USERS and WORKERS must be positive");
        }
        int total = (int) Math.round(seconds * rate);
        double interval = 1e9 / rate;
        int[] user = new int[total];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < total; i++) {
            user[i] = rng.nextInt(users);
        }
        long[] fromDue = new long[total];      // completion - due time (what a client at this rate sees)
        long[] service = new long[total];      // completion - actual send
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong maxLag = new AtomicLong();
        java.util.concurrent.ConcurrentHashMap<String, Integer> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(java.util.concurrent.Executors.newFixedThreadPool(2)).build();
        long t0 = System.nanoTime() + 50_000_000L;
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            threads[w] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = t0 + (long) (i * interval);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    long sent = System.nanoTime();
                    maxLag.accumulateAndGet(sent - due, Math::max);
                    HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/v1/users/u" + user[i] + "/recommendations?k=" + k))
                            .timeout(Duration.ofSeconds(10)).GET().build();
                    String err = null;
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            err = "HTTP " + r.statusCode();
                        } else if (!r.body().contains("\"items\"")) {
                            err = "no items in body";
                        }
                    } catch (IOException ex) {
                        err = ex.getClass().getSimpleName();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long done = System.nanoTime();
                    fromDue[i] = done - due;
                    service[i] = done - sent;
                    if (err != null) {
                        errors.incrementAndGet();
                        errorKinds.merge(err, 1, Integer::sum);
                    }
                }
            }, "latency-" + w);
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        // Percentiles over every request: a failed one counts with its time to failure (errors are reported too).
        long[] lat = fromDue.clone();
        long[] svc = service.clone();
        Arrays.sort(lat);
        Arrays.sort(svc);
        StringBuilder kinds = new StringBuilder("{");
        errorKinds.forEach((kind, n) -> kinds.append(kinds.length() > 1 ? ", " : "").append('"').append(esc(kind)).append("\": ").append(n));
        kinds.append('}');
        System.out.printf(Locale.ROOT, "{\"target_rate\": %.1f, \"seconds\": %.1f, \"requests\": %d, \"errors\": %d, "
                        + "\"error_kinds\": %s, \"achieved_rate\": %.1f, \"users\": %d, \"k\": %d, \"workers\": %d, "
                        + "\"latency_ms\": {\"p50\": %.2f, \"p90\": %.2f, \"p99\": %.2f, \"p999\": %.2f, \"max\": %.2f, \"mean\": %.2f}, "
                        + "\"service_time_ms\": {\"p50\": %.2f, \"p99\": %.2f, \"max\": %.2f}, \"max_send_lag_ms\": %.2f}%n",
                rate, seconds, total, errors.get(), kinds, total / elapsed, users, k, workers,
                pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.99), pct(lat, 0.999), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
                Arrays.stream(lat).average().orElse(0) / 1e6,
                pct(svc, 0.5), pct(svc, 0.99), svc.length == 0 ? 0 : svc[svc.length - 1] / 1e6, maxLag.get() / 1e6);
        System.exit(0); // the client's executor threads are not daemons
    }

    // ---- freshness ----

    static void freshness(String url, String key, int rounds, long seed, String arm) throws Exception {
        HttpClient http = client();
        SplittableRandom rng = new SplittableRandom(seed);
        // The catalogue, as the popularity fallback of a user without history lists it.
        List<String> catalog = ids(get(http, url + "/v1/users/freshness-probe-" + seed + "/recommendations?k=1000&arm=" + arm));
        if (catalog.size() < 20) {
            throw new IllegalStateException("too few items to measure freshness: " + catalog.size());
        }
        long[] eventNanos = new long[rounds];
        long[] itemNanos = new long[rounds];
        int eventChanged = 0;
        int itemShown = 0;
        int eventPolls = 0;
        int itemPolls = 0;
        for (int r = 0; r < rounds; r++) {
            String user = "fresh-" + seed + "-" + r;
            String recs = url + "/v1/users/" + user + "/recommendations?k=10&arm=" + arm;
            post(http, url + "/v1/events", key, event(user, catalog.get(rng.nextInt(catalog.size()))));
            List<String> before = ids(get(http, recs));
            String next;
            do {
                next = catalog.get(rng.nextInt(catalog.size()));
            } while (before.contains(next));
            long t0 = System.nanoTime();
            post(http, url + "/v1/events", key, event(user, next));
            long deadline = t0 + 3_000_000_000L;
            boolean changed = false;
            while (System.nanoTime() < deadline) {
                eventPolls++;
                if (!ids(get(http, recs)).equals(before)) {
                    changed = true;
                    break;
                }
            }
            eventNanos[r] = System.nanoTime() - t0;
            eventChanged += changed ? 1 : 0;

            // A new edition of the user's current top item.
            List<String> now = ids(get(http, recs));
            String top = now.get(0);
            String meta = get(http, url + "/v1/items/" + top);
            String body = itemBody(meta);
            String newId = "new-" + seed + "-" + r;
            long t1 = System.nanoTime();
            put(http, url + "/v1/items/" + newId, key, body);
            long deadline2 = t1 + 3_000_000_000L;
            boolean shown = false;
            while (System.nanoTime() < deadline2) {
                itemPolls++;
                if (ids(get(http, recs)).contains(newId)) {
                    shown = true;
                    break;
                }
            }
            itemNanos[r] = System.nanoTime() - t1;
            itemShown += shown ? 1 : 0;
        }
        long[] ev = eventNanos.clone();
        long[] it = itemNanos.clone();
        Arrays.sort(ev);
        Arrays.sort(it);
        System.out.printf(Locale.ROOT, "{\"rounds\": %d, \"arm\": \"%s\", "
                        + "\"event_to_changed_recommendation_ms\": {\"median\": %.2f, \"p99\": %.2f, \"max\": %.2f, \"changed\": %d, \"polls\": %d}, "
                        + "\"item_put_to_recommended_ms\": {\"median\": %.2f, \"p99\": %.2f, \"max\": %.2f, \"recommended\": %d, \"polls\": %d}}%n",
                rounds, arm, pct(ev, 0.5), pct(ev, 0.99), ev[ev.length - 1] / 1e6, eventChanged, eventPolls,
                pct(it, 0.5), pct(it, 0.99), it[it.length - 1] / 1e6, itemShown, itemPolls);
    }

    private static String event(String user, String item) {
        return "{\"events\":[{\"user_id\":\"" + esc(user) + "\",\"item_id\":\"" + esc(item) + "\",\"type\":\"click\"}]}";
    }

    /** The PUT body of a new item with the title, text and attributes of {@code meta} (GET /v1/items/{id}). */
    private static String itemBody(String meta) {
        StringBuilder sb = new StringBuilder("{");
        String title = field(meta, "title");
        String text = field(meta, "text");
        int a = meta.indexOf("\"attributes\":");
        sb.append("\"title\":").append(title == null ? "null" : title);
        sb.append(",\"text\":").append(text == null ? "null" : text);
        if (a >= 0) {
            int start = meta.indexOf('{', a);
            int depth = 0;
            int end = start;
            for (; end < meta.length(); end++) {
                char ch = meta.charAt(end);
                if (ch == '{') {
                    depth++;
                } else if (ch == '}' && --depth == 0) {
                    break;
                }
            }
            sb.append(",\"attributes\":").append(meta, start, end + 1);
        }
        return sb.append('}').toString();
    }

    /** The raw JSON value (a string literal with quotes, or null) of a top-level string field. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|null)").matcher(json);
        return m.find() && !m.group(1).equals("null") ? m.group(1) : null;
    }

    private static List<String> ids(String json) {
        List<String> out = new ArrayList<>();
        int items = json.indexOf("\"items\"");
        Matcher m = ITEM_ID.matcher(json);
        while (m.find()) {
            if (m.start() > items) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void post(HttpClient http, String url, String key, String body) throws IOException, InterruptedException {
        send(http, HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)), key, url);
    }

    private static void put(HttpClient http, String url, String key, String body) throws IOException, InterruptedException {
        send(http, HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)), key, url);
    }

    private static void send(HttpClient http, HttpRequest.Builder b, String key, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.header("X-API-Key", key).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(url + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

}
