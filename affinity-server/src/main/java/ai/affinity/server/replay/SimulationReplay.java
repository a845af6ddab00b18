package ai.affinity.server.replay;

import ai.affinity.server.http.EngagementMetrics;
import ai.affinity.server.store.Event;
import ai.affinity.server.store.EventType;
import ai.affinity.server.store.IngestResult;
import ai.affinity.server.store.Store;
import ai.affinity.simulate.EventLog;
import ai.affinity.simulate.PolicyRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Offline replay of the simulator's event log through the server's engagement pipeline, so that the
 * simulator's own counts and the live DAU/CTR computation are checked against each other.
 *
 * <p>{@link #load} writes every row of an {@code events.csv} ({@link EventLog#HEADER}) into a {@link Store}
 * with {@link Store#appendEvents}, as a client of the server would post them: one {@code impression} per
 * row at the request time, plus one {@code click} per clicked row {@code 5 s × position} later, each with
 * the row's request id, a client event id (so a re-run is idempotent) and the arm
 * {@code "<seed>/<policy label>"} (seeds are separate experiments; the server's arm is free text).
 * {@link #check} then computes the report exactly as {@code GET /v1/metrics/engagement} does, through
 * {@link EngagementMetrics#json} over the simulated days, and compares per (seed, policy, day) the
 * server's {@code active_users}, {@code impressions} and {@code clicks} with the simulator's
 * {@link PolicyRun#clickers()}, {@link PolicyRun#impressions()} and {@link PolicyRun#clicks()}, and per arm
 * the totals and CTR. They must agree exactly. Definitions: the server's DAU counts users with at least
 * one recommendation click that day; the simulator's own "DAU" ({@link PolicyRun#active()}) counts users who
 * came and requested a list, which is a different quantity, reported next to it and not compared.
 *
 * <p>Simulated day {@code d} is the UTC calendar day {@code startEpochSecond / 86400 + d} (the world
 * starts at a UTC midnight). Not thread-safe.
 */
public final class SimulationReplay {
    /** Events per transaction while loading. */
    static final int BATCH = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulationReplay() {
    }

    /** What {@link #load} stored. */
    public record Loaded(long rows, long impressions, long clicks, long duplicates, TreeSet<Long> seeds, double seconds) {
    }

    /**
     * The outcome of a replay check.
     *
     * @param comparedArmDays (seed, policy, day) cells compared
     * @param mismatches      cells or arm totals that disagree (0 when the two computations agree)
     * @param samples         the first few disagreements, readable
     * @param json            the comparison as written into simulation.json under {@code "replay"}
     */
    public record Check(int comparedArmDays, int mismatches, List<String> samples, ObjectNode json) {
        public boolean agrees() {
            return mismatches == 0;
        }
    }

    /** The store arm of a policy in a seed. */
    public static String arm(long seed, String policy) {
        return seed + "/" + policy;
    }

    /**
     * Stores every row of {@code eventsCsv} as impression and click events.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException with file and line when a row is malformed
     */
    public static Loaded load(Path eventsCsv, Store store) throws IOException {
        long t0 = System.nanoTime();
        long rows = 0;
        long impressions = 0;
        long clicks = 0;
        long duplicates = 0;
        TreeSet<Long> seeds = new TreeSet<>();
        List<Event> batch = new ArrayList<>(BATCH + 1);
        try (BufferedReader in = Files.newBufferedReader(eventsCsv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.trim().equals(EventLog.HEADER)) {
                throw new IllegalArgumentException(eventsCsv + ":1: expected the header '" + EventLog.HEADER + "'; got '"
                        + header + "'");
            }
            String line;
            long lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() != 9) {
                    throw new IllegalArgumentException(eventsCsv + ":" + lineNo + ": expected 9 fields (" + EventLog.HEADER
                            + "); got " + f.size());
                }
                long seed;
                long timestamp;
                int position;
                try {
                    seed = Long.parseLong(f.get(0));
                    timestamp = Long.parseLong(f.get(2));
                    position = Integer.parseInt(f.get(7));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(eventsCsv + ":" + lineNo + ": seed, timestamp and position must be "
                            + "integers; got '" + line + "'");
                }
                String clicked = f.get(8);
                if (!clicked.equals("0") && !clicked.equals("1")) {
                    throw new IllegalArgumentException(eventsCsv + ":" + lineNo + ": field clicked: expected 0 or 1; got '"
                            + clicked + "'");
                }
                String requestId = f.get(3);
                String arm = arm(seed, f.get(4));
                String user = f.get(5);
                String item = f.get(6);
                long millis = timestamp * 1000L;
                seeds.add(seed);
                batch.add(new Event(user, item, EventType.IMPRESSION, 1, millis, requestId + "#" + position + "/i",
                        requestId, arm));
                impressions++;
                if (clicked.equals("1")) {
                    batch.add(new Event(user, item, EventType.CLICK, 1,
                            millis + 1000L * EventLog.CLICK_DELAY_SECONDS * position, requestId + "#" + position + "/c",
                            requestId, arm));
                    clicks++;
                }
                rows++;
                if (batch.size() >= BATCH) {
                    duplicates += store.appendEvents(batch).duplicates();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            IngestResult r = store.appendEvents(batch);
            duplicates += r.duplicates();
        }
        return new Loaded(rows, impressions, clicks, duplicates, seeds, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Compares the server's engagement report over the simulated days with the simulator's counts of the
     * runs whose seed is in {@code seeds} (the seeds the event log holds).
     */
    public static Check check(Store store, List<PolicyRun> runs, java.util.Set<Long> seeds, long startEpochSecond,
                              int days) {
        long t0 = System.nanoTime();
        LocalDate first = LocalDate.ofEpochDay(Math.floorDiv(startEpochSecond, 86_400L));
        LocalDate last = first.plusDays(days - 1L);
        if (startEpochSecond % 86_400L != 0) {
            throw new IllegalArgumentException("the simulated day 0 must start at a UTC midnight; got epoch second "
                    + startEpochSecond);
        }
        ObjectNode report = EngagementMetrics.json(store, JSON, first, last);
        // (arm, day index) -> {active_users, impressions, clicks}
        Map<String, long[]> server = new HashMap<>();
        for (JsonNode d : report.get("days")) {
            int day = (int) (LocalDate.parse(d.get("day").asText()).toEpochDay() - first.toEpochDay());
            server.put(d.get("arm").asText() + "\u0000" + day, new long[] {d.get("active_users").asLong(),
                    d.get("impressions").asLong(), d.get("clicks").asLong()});
        }
        Map<String, JsonNode> serverArms = new HashMap<>();
        for (JsonNode a : report.get("arms")) {
            serverArms.put(a.get("arm").asText(), a);
        }
        int compared = 0;
        int mismatches = 0;
        List<String> samples = new ArrayList<>();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode perArm = JSON.createArrayNode();
        int matchedCells = 0;
        for (PolicyRun r : runs) {
            if (!seeds.contains(r.seed())) {
                continue;
            }
            String arm = arm(r.seed(), r.arm());
            long imp = 0;
            long clk = 0;
            long clickerDays = 0;
            long activeDays = 0;
            for (int d = 0; d < r.days(); d++) {
                long[] sv = server.remove(arm + "\u0000" + d);
                long[] expected = {r.clickers()[d], r.impressions()[d], r.clicks()[d]};
                if (sv == null) {
                    sv = new long[3]; // no event that day: the server has no row, which means zeros
                }
                compared++;
                if (!java.util.Arrays.equals(sv, expected)) {
                    mismatches++;
                    if (samples.size() < 10) {
                        samples.add(String.format("%s day %d: simulator clicking users/impressions/clicks %d/%d/%d, "
                                + "server %d/%d/%d", arm, d, expected[0], expected[1], expected[2], sv[0], sv[1], sv[2]));
                    }
                } else {
                    matchedCells++;
                }
                imp += r.impressions()[d];
                clk += r.clicks()[d];
                clickerDays += r.clickers()[d];
                activeDays += r.active()[d];
            }
            JsonNode sa = serverArms.remove(arm);
            long sImp = sa == null ? 0 : sa.get("impressions").asLong();
            long sClk = sa == null ? 0 : sa.get("clicks").asLong();
            double simCtr = imp == 0 ? Double.NaN : (double) clk / imp;
            double serverCtr = sa == null || sa.get("ctr").isNull() ? Double.NaN : sa.get("ctr").asDouble();
            boolean ctrAgrees = Double.compare(simCtr, serverCtr) == 0;
            if (sImp != imp || sClk != clk || !ctrAgrees) {
                mismatches++;
                if (samples.size() < 10) {
                    samples.add(String.format("%s totals: simulator impressions/clicks/ctr %d/%d/%s, server %d/%d/%s", arm,
                            imp, clk, simCtr, sImp, sClk, serverCtr));
                }
            }
            ObjectNode o = perArm.addObject();
            o.put("seed", r.seed());
            o.put("policy", r.arm());
            o.put("server_arm", arm);
            o.put("impressions_simulator", imp);
            o.put("impressions_server", sImp);
            o.put("clicks_simulator", clk);
            o.put("clicks_server", sClk);
            putNum(o, "ctr_simulator", simCtr);
            putNum(o, "ctr_server", serverCtr);
            o.put("mean_clicking_users_simulator", (double) clickerDays / r.days());
            o.put("mean_daily_active_users_server", sa == null ? 0 : sa.get("mean_daily_active_users").asDouble());
            o.put("server_days_with_events", sa == null ? 0 : sa.get("days").asInt());
            o.put("mean_dau_simulator_requesting_users", (double) activeDays / r.days());
        }
        // Anything the server counted that no run accounts for is a disagreement too.
        for (String k : server.keySet()) {
            mismatches++;
            if (samples.size() < 10) {
                samples.add("server row without a simulated counterpart: " + k.replace('\u0000', ' '));
            }
        }
        for (String a : serverArms.keySet()) {
            mismatches++;
            if (samples.size() < 10) {
                samples.add("server arm without a simulated run: " + a);
            }
        }
        out.put("what", "the event log replayed into a Store as impression and click events (request ids, arms "
                + "'<seed>/<policy>'), then the engagement report computed by the code behind GET /v1/metrics/engagement "
                + "and compared with the simulator's own counts per seed, policy and day");
        ObjectNode defs = out.putObject("definitions");
        defs.put("server_dau", "active_users: distinct users with at least one click on a recommendation that UTC day");
        defs.put("simulator_clicking_users", "users with at least one click that simulated day (compared with server_dau)");
        defs.put("simulator_dau", "users who came back and requested a list (the simulator's DAU; not comparable, "
                + "shown for reference)");
        defs.put("ctr", "clicks / impressions on both sides");
        defs.put("day", "simulated day d is UTC day " + first + " + d");
        out.put("from", first.toString());
        out.put("to", last.toString());
        out.put("compared_arm_days", compared);
        out.put("matching_arm_days", matchedCells);
        out.put("mismatches", mismatches);
        out.put("agrees", mismatches == 0);
        ArrayNode sm = out.putArray("mismatch_samples");
        samples.forEach(sm::add);
        out.set("per_arm", perArm);
        out.put("report_seconds", (System.nanoTime() - t0) / 1e9);
        return new Check(compared, mismatches, List.copyOf(samples), out);
    }

    /** {@link #load} then {@link #check}; the load facts are added to the check's JSON. */
    public static Check replay(Path eventsCsv, Store store, List<PolicyRun> runs, long startEpochSecond, int days)
            throws IOException {
        Loaded l = load(eventsCsv, store);
        Check c = check(store, runs, l.seeds(), startEpochSecond, days);
        ObjectNode lj = JSON.createObjectNode();
        lj.put("rows", l.rows());
        lj.put("impression_events", l.impressions());
        lj.put("click_events", l.clicks());
        lj.put("duplicates_skipped", l.duplicates());
        ArrayNode s = lj.putArray("seeds");
        l.seeds().forEach(s::add);
        lj.put("store", store.description());
        lj.put("load_seconds", l.seconds());
        c.json().set("loaded", lj);
        return c;
    }

    private static void putNum(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    /** RFC 4180 fields of one line (quotes around fields with commas or quotes, doubled inner quotes). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>(9);
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
