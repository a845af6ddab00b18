package ai.affinity.cli;

import ai.affinity.data.Dataset;
import ai.affinity.data.DuplicatePolicy;
import ai.affinity.data.load.ColumnMapping;
import ai.affinity.data.load.DataSources;
import ai.affinity.data.load.LoadOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;

/** Options shared by every command that reads a data set. */
public final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "FORMAT:PATH",
            description = "Data set, e.g. ml-100k:../shared/data/ml-100k or synthetic:small. Formats: ml-100k, ml-1m, "
                    + "ml-10m, ml-latest, lastfm-2k, csv, tsv, jsonl, affinity (a directory written by 'data generate'), synthetic.")
    String data;

    @Option(names = "--min-value", paramLabel = "X",
            description = "Implicit feedback: keep only events with value >= X (default: keep all events).")
    Float minValue;

    @Option(names = "--skip-bad-lines", description = "Count and skip malformed lines instead of failing on the first one.")
    boolean skipBadLines;

    @Option(names = "--duplicates", paramLabel = "POLICY", defaultValue = "LAST",
            description = "What to do with repeated (user, item) events: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DuplicatePolicy duplicates;

    @Option(names = "--columns", paramLabel = "MAPPING",
            description = "Column mapping for csv/tsv/jsonl, e.g. user=userId,item=movieId,value=rating,time=timestamp,header=true")
    String columns;

    @Option(names = "--data-seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the synthetic generator, unless given as synthetic:NAME@SEED (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    /** The data spec, with the --data-seed added for synthetic data without an explicit @SEED (before any ?KEY=VALUE). */
    String spec() {
        if (data.startsWith("synthetic:") && !data.contains("@")) {
            int q = data.indexOf('?');
            return q < 0 ? data + "@" + dataSeed : data.substring(0, q) + "@" + dataSeed + data.substring(q);
        }
        return data;
    }

    LoadOptions loadOptions() {
        return new LoadOptions(minValue, skipBadLines, duplicates, columns == null ? null : ColumnMapping.parse(columns));
    }

    Dataset load(PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        Dataset d = DataSources.load(spec(), loadOptions());
        log.printf("loaded %s: %d users, %d items, %d events in %.1fs (%s)%n", d.name(), d.numUsers(), d.numItems(),
                d.interactions().numEvents(), (System.nanoTime() - t0) / 1e9, d.report().summary());
        return d;
    }
}
