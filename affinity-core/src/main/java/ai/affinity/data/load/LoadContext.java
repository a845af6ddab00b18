package ai.affinity.data.load;

import ai.affinity.data.DataFormatException;
import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State shared by the files of one load: the options, the report, the files read, and the
 * record loop that applies the bad-line policy in one place.
 */
final class LoadContext {
    /** Quoted fields may span lines, but not without limit: an unclosed quote must not eat the file. */
    private static final int MAX_JOINED_LINES = 1000;

    /** Receives one split record (or the header). May throw {@link DataFormatException}. */
    interface RecordHandler {
        void accept(CsvSplitter fields, String file, long line);
    }

    final LoadOptions opts;
    final LoadReport report;
    final List<String> files = new ArrayList<>();

    LoadContext(LoadOptions opts, LoadReport report) {
        this.opts = opts == null ? LoadOptions.defaults() : opts;
        this.report = report == null ? new LoadReport() : report;
    }

    /** A malformed line: counted when skipping bad lines, thrown otherwise. */
    void bad(DataFormatException e) {
        if (opts.skipBadLines()) {
            report.skipBadLine(e);
        } else {
            throw e;
        }
    }

    /** An events builder set up with the options' threshold and duplicate policy. */
    Interactions.Builder newBuilder() {
        Interactions.Builder b = Interactions.builder().optDuplicatePolicy(opts.duplicatePolicy());
        if (opts.minValue() != null) {
            b.optMinValue(opts.minValue());
        }
        return b;
    }

    /**
     * Reads every non-blank record of {@code path}. The first non-blank line goes to {@code header}
     * when it is not null (a header problem is always fatal); every later record goes to
     * {@code handler}, whose {@link DataFormatException}s follow the bad-line policy. Every line is
     * counted in the report.
     *
     * @return the number of records handed to {@code handler}, bad ones included
     */
    long forEachRecord(Path path, LineReader.Encoding encoding, String delimiter, boolean quotes,
                       RecordHandler header, RecordHandler handler) throws IOException {
        String file = path.toString();
        files.add(file);
        CsvSplitter fields = new CsvSplitter(delimiter, quotes);
        boolean headerDone = header == null;
        long records = 0;
        try (LineReader reader = new LineReader(path, encoding)) {
            String line;
            while ((line = reader.next()) != null) {
                report.countLine();
                if (line.isBlank()) {
                    continue;
                }
                long lineNo = reader.lineNumber();
                int n = fields.split(line);
                if (n == CsvSplitter.UNCLOSED_QUOTE) {
                    StringBuilder joined = new StringBuilder(line);
                    for (int k = 0; k < MAX_JOINED_LINES && n == CsvSplitter.UNCLOSED_QUOTE; k++) {
                        String more = reader.next();
                        if (more == null) {
                            break;
                        }
                        report.countLine();
                        joined.append('\n').append(more);
                        n = fields.split(joined.toString());
                    }
                }
                if (!headerDone) {
                    if (n < 0) {
                        throw splitError(file, lineNo, n);
                    }
                    header.accept(fields, file, lineNo);
                    headerDone = true;
                    continue;
                }
                records++;
                try {
                    if (n < 0) {
                        throw splitError(file, lineNo, n);
                    }
                    handler.accept(fields, file, lineNo);
                } catch (DataFormatException e) {
                    bad(e);
                }
            }
        }
        if (!headerDone) {
            throw new DataFormatException(file, 0, null, "the file is empty; expected a header line");
        }
        return records;
    }

    private static DataFormatException splitError(String file, long line, int code) {
        return new DataFormatException(file, line, null, code == CsvSplitter.UNCLOSED_QUOTE
                ? "expected a closing quote; got a quoted field that is never closed"
                : "expected a delimiter after a closing quote; got more text");
    }

    /** The directory a format reads, or a clear error when it is missing. */
    static Path requireDirectory(String path, String format) throws IOException {
        Path dir = Path.of(path);
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(path, null, format + " data directory not found");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(path, null, format + " expects a directory, got a file");
        }
        return dir;
    }

    /** A file the format cannot do without, or a clear error naming it. */
    static Path requireFile(Path dir, String name, String format) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f.toString(), null, format + " needs " + name + " in " + dir);
        }
        return f;
    }

    /** An optional file, or null when absent. */
    static Path optionalFile(Path dir, String name) {
        Path f = dir.resolve(name);
        return Files.isRegularFile(f) ? f : null;
    }

    /** A short quoted description of a delimiter for messages. */
    static String describeDelimiter(String d) {
        return switch (d) {
            case "\t" -> "tabs";
            case " " -> "spaces";
            default -> "'" + d + "'";
        };
    }

    /**
     * Builds the events with the final dimensions, completes the catalogs to cover every id and
     * assembles the data set with its report and info (format, path, files read, options).
     */
    Dataset finish(String name, String format, String path, IdMap users, IdMap items, Interactions.Builder builder,
                   ItemCatalog catalog, UserCatalog userCatalog, Map<String, String> extraInfo) {
        builder.setDimensions(users.size(), items.size());
        Interactions interactions = builder.build();
        report.absorb(builder.stats());
        catalog.ensureSize(items.size());
        if (users.size() > 0 && userCatalog.size() < users.size()) {
            userCatalog.set(users.size() - 1, userCatalog.get(users.size() - 1));
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put("format", format);
        info.put("path", path);
        info.put("files", String.join(",", files));
        if (opts.minValue() != null) {
            info.put("minValue", Float.toString(opts.minValue()));
        }
        info.put("duplicatePolicy", opts.duplicatePolicy().name());
        if (extraInfo != null) {
            info.putAll(extraInfo);
        }
        return new Dataset(name, users, items, interactions, catalog, userCatalog, report, info);
    }

    /**
     * A header handler that finds the named columns (case-insensitively) and fails, naming the
     * missing column and the header found, when one is absent.
     */
    static final class Header implements RecordHandler {
        private final String[] wanted;
        private final boolean[] required;
        private final int[] index;

        /** Columns ending in '?' are optional ({@link #index} gives -1 when absent). */
        Header(String... wanted) {
            this.wanted = new String[wanted.length];
            this.required = new boolean[wanted.length];
            this.index = new int[wanted.length];
            for (int k = 0; k < wanted.length; k++) {
                boolean optional = wanted[k].endsWith("?");
                this.wanted[k] = optional ? wanted[k].substring(0, wanted[k].length() - 1) : wanted[k];
                this.required[k] = !optional;
                this.index[k] = -1;
            }
        }

        @Override
        public void accept(CsvSplitter fields, String file, long line) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < fields.count(); i++) {
                names.add(fields.trimmed(i));
            }
            for (int k = 0; k < wanted.length; k++) {
                for (int i = 0; i < names.size() && index[k] < 0; i++) {
                    if (names.get(i).equalsIgnoreCase(wanted[k])) {
                        index[k] = i;
                    }
                }
                if (index[k] < 0 && required[k]) {
                    throw new DataFormatException(file, line, wanted[k], "expected a header column named '"
                            + wanted[k] + "'; got header columns " + names);
                }
            }
        }

        /** Index of the k-th wanted column (-1 for an absent optional one). */
        int index(int k) {
            return index[k];
        }

        /** One past the largest required column index: the fewest fields a record may have. */
        int needed() {
            int n = 0;
            for (int k = 0; k < wanted.length; k++) {
                if (required[k]) {
                    n = Math.max(n, index[k] + 1);
                }
            }
            return n;
        }
    }

    /** Fails unless the record has at least {@code n} fields. */
    static void requireFields(CsvSplitter f, int n, String file, long line, String field) {
        if (f.count() < n) {
            throw new DataFormatException(file, line, field, "expected at least " + n + " fields separated by "
                    + describeDelimiter(f.delimiter()) + "; got " + f.count() + " in '" + f.line() + "'");
        }
    }
}
