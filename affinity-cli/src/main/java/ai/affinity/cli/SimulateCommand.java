package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.als.IalsModel;
import ai.affinity.simulate.ChoiceModel;
import ai.affinity.simulate.EventLog;
import ai.affinity.simulate.EventSink;
import ai.affinity.simulate.PolicyRun;
import ai.affinity.simulate.PolicySpec;
import ai.affinity.simulate.ReturnModel;
import ai.affinity.simulate.SimulationConfig;
import ai.affinity.simulate.SimulationReport;
import ai.affinity.simulate.Simulator;
import ai.affinity.simulate.World;
import ai.affinity.server.replay.SimulationReplay;
import ai.affinity.server.store.Store;
import ai.affinity.util.Machine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.affinity.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code affinity simulate}: the engagement simulator (DAU, CTR, retention per policy over simulated days). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate users engaging with recommendation policies: true preferences from the synthetic "
                + "generator or from an iALS model fitted on real data, a position-based click model, a return model "
                + "driven by yesterday's clicks, items arriving daily and drifting tastes.",
                "Writes simulation.json, report.html and events.csv (every impression with its click, for replay "
                        + "through the server's engagement pipeline). Simulated engagement is a model: the report "
                        + "states the assumptions that drive it."})
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--world", required = true, paramLabel = "SPEC",
            description = "synthetic:PRESET[@SEED] (the generator's latent tastes are the truth) or a data set such as "
                    + "ml-100k:PATH (an iALS model fitted on it is the truth).")
    String world;

    @Option(names = "--world-model", defaultValue = "ials:factors=32", paramLabel = "SPEC",
            description = "iALS spec of the world model fitted on real data (default: ${DEFAULT-VALUE}).")
    String worldModel;

    @Option(names = "--policies", defaultValue = "random,pop,ials,ials@foldin,ials@refit=7,oracle", paramLabel = "LIST",
            description = "Comma-separated MODEL[:k=v,...][@foldin][@refit=N]; any registered model, 'random' or "
                    + "'oracle' (true affinity, an upper bound) (default: ${DEFAULT-VALUE}).")
    String policies;

    @Option(names = "--days", defaultValue = "30", description = "Simulated days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--users", defaultValue = "500", description = "Simulated users per seed (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seeds", defaultValue = "3", description = "Number of seeds: --seed, --seed+1, ... (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "First simulation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--k", defaultValue = "10", description = "Items per request (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--drift-per-day", paramLabel = "F",
            description = "Fraction of the way from start to target taste per day (default: the world's own: the "
                    + "generator's speed for synthetic, 0.01 for fitted worlds); 0 for no drift.")
    Double driftPerDay;

    @Option(names = "--cut", defaultValue = "0.5", paramLabel = "F",
            description = "Synthetic worlds: share of the generator's time line before day 0 (default: ${DEFAULT-VALUE}).")
    double cut;

    @Option(names = "--new-items", defaultValue = "0.1", paramLabel = "F",
            description = "Fitted worlds: share of items (latest first seen) that arrive during the simulation (default: ${DEFAULT-VALUE}).")
    double newItems;

    @Option(names = "--click-beta", defaultValue = "2.0", description = "Choice model slope beta (default: ${DEFAULT-VALUE}).")
    double clickBeta;

    @Option(names = "--click-tau", defaultValue = "2.0", description = "Choice model threshold tau (default: ${DEFAULT-VALUE}).")
    double clickTau;

    @Option(names = "--position-decay", defaultValue = "1.0", description = "Examination exponent eta (default: ${DEFAULT-VALUE}).")
    double positionDecay;

    @Option(names = "--return-base", defaultValue = "0.0", description = "Return model gamma0 (default: ${DEFAULT-VALUE}).")
    double returnBase;

    @Option(names = "--return-per-click", defaultValue = "1.0", description = "Return model gamma1 (default: ${DEFAULT-VALUE}).")
    double returnPerClick;

    @Option(names = "--reactivation", defaultValue = "0.1", description = "Daily return probability of inactive users (default: ${DEFAULT-VALUE}).")
    double reactivation;

    @Option(names = "--event-seeds", defaultValue = "1", paramLabel = "N",
            description = "Write events.csv for the first N seeds (0: no event log) (default: ${DEFAULT-VALUE}).")
    int eventSeeds;

    @Option(names = "--replay", description = "After the simulation, replay events.csv into a Store (SQLite) through "
            + "the server's engagement pipeline and check its DAU (users with a click), impressions, clicks and CTR "
            + "against the simulator's own counts; the comparison goes into simulation.json under 'replay'.")
    boolean replay;

    @Option(names = "--replay-store", paramLabel = "FILE",
            description = "Store of the replay (an SQLite file or JDBC URL; default: a temporary SQLite file, deleted "
                    + "afterwards).")
    String replayStore;

    @Option(names = "--threads", description = "Threads for model fits (default: all cores).")
    Integer threads;

    @Option(names = "--out", defaultValue = "affinity-out/simulate", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.err;
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        List<PolicySpec> specs = PolicySpec.parseList(policies); // fails fast on a typo
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        SimulationConfig cfg = new SimulationConfig(days, users, k, driftPerDay == null ? Double.NaN : driftPerDay,
                new ChoiceModel(clickBeta, clickTau, positionDecay), new ReturnModel(returnBase, returnPerClick, reactivation), t);
        long t0 = System.nanoTime();
        World w = loadWorld(log, t);
        log.printf("world %s: %d users, %d items (%d at day 0), %d events before day 0 (%.1fs)%n", w.name(), w.numUsers(),
                w.numItems(), w.availableItems(0).length, w.initial().numEvents(), (System.nanoTime() - t0) / 1e9);
        long[] seedList = new long[seeds];
        for (int s = 0; s < seeds; s++) {
            seedList[s] = seed + s;
        }
        Files.createDirectories(out);
        Path events = out.resolve("events.csv");
        Map<String, Object> runInfo = new LinkedHashMap<>();
        runInfo.put("command", "affinity " + String.join(" ", Launch.currentArgs()));
        runInfo.put("started", Instant.now().toString());
        runInfo.put("machine", Machine.describe());
        runInfo.put("load_average_start", Machine.loadAverage());
        long s0 = System.nanoTime();
        List<PolicyRun> runs;
        long rows;
        if (eventSeeds > 0) {
            try (EventLog eventLog = new EventLog(events, w.dataset().userIds(), w.dataset().itemIds())) {
                runs = new Simulator(w, cfg, log).run(specs, seedList,
                        sd -> sd < seed + eventSeeds ? eventLog : EventSink.NONE);
                rows = eventLog.rows();
            }
        } else {
            Files.deleteIfExists(events);
            runs = new Simulator(w, cfg, log).run(specs, seedList, null);
            rows = 0;
        }
        runInfo.put("seconds", (System.nanoTime() - s0) / 1e9);
        runInfo.put("load_average_end", Machine.loadAverage());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("path", eventSeeds > 0 ? "events.csv" : null);
        ev.put("format", EventLog.HEADER);
        ev.put("seeds_logged", Math.min(eventSeeds, seeds));
        ev.put("rows", rows);
        runInfo.put("event_log", ev);
        SimulationReport report = new SimulationReport(w, cfg, specs, seedList, runs, runInfo);
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        SimulationReplay.Check check = null;
        if (replay) {
            if (eventSeeds < 1) {
                throw new IllegalArgumentException("--replay needs the event log: --event-seeds must be >= 1");
            }
            check = replay(events, w, runs, log);
            extra.put("replay", check.json());
        }
        report.writeJson(out.resolve("simulation.json"), extra);
        report.writeHtml(out.resolve("report.html"));
        System.out.print(report.console());
        if (check != null) {
            System.out.printf("replay through the server's engagement pipeline: %s (%d seed-policy-days compared, %d "
                    + "mismatches)%n", check.agrees() ? "agrees exactly with the simulator" : "DISAGREES",
                    check.comparedArmDays(), check.mismatches());
            check.samples().forEach(m -> System.out.println("  " + m));
        }
        System.out.println("wrote " + out.resolve("simulation.json") + ", " + out.resolve("report.html")
                + (eventSeeds > 0 ? ", " + events + " (" + rows + " impressions)" : ""));
        return 0;
    }

    private SimulationReplay.Check replay(Path events, World w, List<PolicyRun> runs, PrintStream log)
            throws IOException {
        Path temp = null;
        String location = replayStore;
        if (location == null) {
            temp = Files.createTempFile("affinity-replay-", ".db");
            Files.delete(temp); // the store creates its own file
            location = temp.toString();
        }
        log.println("replaying " + events + " into " + location);
        try (Store store = Store.open(location)) {
            SimulationReplay.Check c = SimulationReplay.replay(events, store, runs, w.startEpochSecond(), days);
            ObjectNode j = c.json();
            j.put("store_location", replayStore == null ? "temporary SQLite file (deleted)" : replayStore);
            return c;
        } finally {
            if (temp != null) {
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(temp + suffix));
                }
            }
        }
    }

    private World loadWorld(PrintStream log, int threads) throws IOException {
        if (world.startsWith("synthetic:")) {
            String rest = world.substring("synthetic:".length());
            int at = rest.indexOf('@');
            String preset = at < 0 ? rest : rest.substring(0, at);
            long worldSeed;
            try {
                worldSeed = at < 0 ? 42L : Long.parseLong(rest.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected --world synthetic:PRESET[@SEED] with an integer seed; got '"
                        + world + "'");
            }
            return World.synthetic(SyntheticConfig.preset(preset), worldSeed, cut);
        }
        Dataset ds = DataSources.load(world, LoadOptions.defaults());
        log.printf("fitting the world model %s on %s (%d events)%n", worldModel, ds.name(), ds.interactions().numEvents());
        Model m = AlgorithmRegistry.create(worldModel).fit(TrainingData.of(ds.interactions()),
                new FitContext(42L, threads, Progress.silent()));
        if (!(m instanceof IalsModel ials)) {
            throw new IllegalArgumentException("--world-model must be an iALS spec (its user and item vectors are the "
                    + "truth); got '" + worldModel + "'");
        }
        return World.fitted(ds, ials, newItems, days, 42L);
    }

}
