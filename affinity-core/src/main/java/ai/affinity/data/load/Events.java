package ai.affinity.data.load;

import ai.affinity.data.DataFormatException;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading one events file (user, item, value, time per record) into an {@link Interactions.Builder}. */
final class Events {
    private static final int USER = 0;
    private static final int ITEM = 1;
    private static final int VALUE = 2;
    private static final int TIME = 3;
    private static final String[] ROLES = {"user", "item", "value", "time"};
    private static final JsonFactory JSON = new JsonFactory();

    private Events() {
    }

    /**
     * How a format writes its events.
     *
     * @param delimiter field separator
     * @param quotes    whether fields may be quoted (CSV)
     * @param encoding  text encoding
     * @param columns   which columns hold user, item, value, time
     * @param labels    names of the four fields for error messages, or null to use the column names
     * @param jsonl     one JSON object per line instead of delimited fields
     */
    record Layout(String delimiter, boolean quotes, LineReader.Encoding encoding, ColumnMapping columns,
                  String[] labels, boolean jsonl) {
        static Layout delimited(String delimiter, boolean quotes, LineReader.Encoding encoding,
                                ColumnMapping columns, String... labels) {
            return new Layout(delimiter, quotes, encoding, columns, labels.length == 0 ? null : labels, false);
        }
    }

    /** Maps external ids to indexes; -1 when the id is unknown (and may not be added). */
    interface IdResolver {
        int user(String id);

        int item(String id);

        /** Ids become new indexes (a full load). */
        static IdResolver adding(IdMap users, IdMap items) {
            return new IdResolver() {
                @Override
                public int user(String id) {
                    return users.add(id);
                }

                @Override
                public int item(String id) {
                    return items.add(id);
                }
            };
        }

        /** Only ids already in the maps (a predefined test split). */
        static IdResolver existing(IdMap users, IdMap items) {
            return new IdResolver() {
                @Override
                public int user(String id) {
                    return users.indexOf(id);
                }

                @Override
                public int item(String id) {
                    return items.indexOf(id);
                }
            };
        }
    }

    /**
     * Reads {@code path} into {@code builder}.
     *
     * @return the number of well-formed events read (before value filtering)
     * @throws DataFormatException when the file holds no events, on a header problem, or on a bad
     *                             line unless bad lines are skipped
     */
    static long read(Path path, Layout layout, IdResolver ids, Interactions.Builder builder, LoadContext ctx)
            throws IOException {
        long before = ctx.report.linesRead();
        long events;
        if (layout.jsonl()) {
            events = readJsonl(path, layout.columns(), ids, builder, ctx);
        } else {
            DelimitedHandler h = new DelimitedHandler(layout, ids, builder);
            ctx.forEachRecord(path, layout.encoding(), layout.delimiter(), layout.quotes(),
                    layout.columns().header() ? h::header : null, h);
            events = h.events;
        }
        if (events == 0) {
            long lines = ctx.report.linesRead() - before;
            throw new DataFormatException(path.toString(), 0, null, "no events: " + (lines == 0
                    ? "the file is empty" : lines + " lines read but none held a well-formed event"));
        }
        return events;
    }

    private static final class DelimitedHandler implements LoadContext.RecordHandler {
        private final Layout layout;
        private final ColumnMapping columns;
        private final IdResolver ids;
        private final Interactions.Builder builder;
        private final int[] col = {-1, -1, -1, -1};
        private final String[] labels = new String[4];
        private int needed;
        private String lastUser;
        private int lastUserIdx = -1;
        long events;

        DelimitedHandler(Layout layout, IdResolver ids, Interactions.Builder builder) {
            this.layout = layout;
            this.columns = layout.columns();
            this.ids = ids;
            this.builder = builder;
            if (!columns.header()) {
                resolve(Map.of(), null, 0, List.of());
            }
        }

        private String ref(int role) {
            return switch (role) {
                case USER -> columns.user();
                case ITEM -> columns.item();
                case VALUE -> columns.value();
                default -> columns.time();
            };
        }

        void header(CsvSplitter f, String file, long line) {
            Map<String, Integer> byName = new HashMap<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < f.count(); i++) {
                String name = f.trimmed(i);
                names.add(name);
                byName.putIfAbsent(name, i);
            }
            resolve(byName, file, line, names);
        }

        private void resolve(Map<String, Integer> byName, String file, long line, List<String> names) {
            for (int role = 0; role < 4; role++) {
                String ref = ref(role);
                if (ref == null) {
                    continue;
                }
                Integer byHeader = byName.get(ref);
                if (byHeader != null) {
                    col[role] = byHeader;
                } else if (ColumnMapping.isIndex(ref)) {
                    col[role] = Integer.parseInt(ref);
                } else {
                    throw new DataFormatException(file, line, ref, "expected a header column named '" + ref
                            + "' (for the " + ROLES[role] + "); got header columns " + names);
                }
                labels[role] = layout.labels() != null ? layout.labels()[role]
                        : byHeader != null ? ref : ROLES[role] + " (column " + col[role] + ")";
                needed = Math.max(needed, col[role] + 1);
            }
        }

        @Override
        public void accept(CsvSplitter f, String file, long line) {
            if (f.count() < needed) {
                int missing = USER;
                for (int role = 0; role < 4; role++) {
                    if (col[role] >= f.count()) {
                        missing = role;
                        break;
                    }
                }
                throw new DataFormatException(file, line, labels[missing], "expected at least " + needed
                        + " fields separated by " + LoadContext.describeDelimiter(f.delimiter()) + "; got "
                        + f.count() + " in '" + f.line() + "'");
            }
            String userId = lastUser != null && f.trimmedEquals(col[USER], lastUser) ? lastUser : f.trimmed(col[USER]);
            if (userId.isEmpty()) {
                throw new DataFormatException(file, line, labels[USER], "expected an id; got an empty field");
            }
            String itemId = f.trimmed(col[ITEM]);
            if (itemId.isEmpty()) {
                throw new DataFormatException(file, line, labels[ITEM], "expected an id; got an empty field");
            }
            float value = 1f;
            if (col[VALUE] >= 0) {
                try {
                    value = f.parseFloat(col[VALUE]);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, line, labels[VALUE], "expected a number; got '"
                            + f.field(col[VALUE]) + "'");
                }
            }
            long time = 0;
            if (col[TIME] >= 0) {
                time = parseTime(f, col[TIME], columns.timeFormat(), file, line, labels[TIME]);
            }
            int u;
            if (userId == lastUser) {
                u = lastUserIdx;
            } else {
                u = ids.user(userId);
                if (u < 0) {
                    throw unknown(file, line, labels[USER], "user", userId);
                }
                lastUser = userId;
                lastUserIdx = u;
            }
            int i = ids.item(itemId);
            if (i < 0) {
                throw unknown(file, line, labels[ITEM], "item", itemId);
            }
            builder.add(u, i, value, time);
            events++;
        }
    }

    private static long parseTime(CsvSplitter f, int column, ColumnMapping.TimeFormat format, String file,
                                  long line, String label) {
        try {
            return switch (format) {
                case EPOCH_SECONDS -> f.parseLong(column);
                case EPOCH_MILLIS -> Math.floorDiv(f.parseLong(column), 1000L);
                case ISO -> ColumnMapping.TimeFormat.parseIso(f.trimmed(column));
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new DataFormatException(file, line, label, "expected " + describe(format) + "; got '"
                    + f.field(column) + "'");
        }
    }

    private static String describe(ColumnMapping.TimeFormat format) {
        return switch (format) {
            case EPOCH_SECONDS -> "an integer time in seconds since the epoch";
            case EPOCH_MILLIS -> "an integer time in milliseconds since the epoch";
            case ISO -> "an ISO-8601 time such as 2020-01-31T12:00:00Z";
        };
    }

    private static DataFormatException unknown(String file, long line, String label, String role, String id) {
        return new DataFormatException(file, line, label, "expected a known " + role + " id; got '" + id
                + "', which is not in the " + role + " id map (ids of a predefined split must appear in the"
                + " data set it splits)");
    }

    private static long readJsonl(Path path, ColumnMapping columns, IdResolver ids, Interactions.Builder builder,
                                  LoadContext ctx) throws IOException {
        for (String ref : new String[] {columns.user(), columns.item(), columns.value(), columns.time()}) {
            if (ref != null && ColumnMapping.isIndex(ref)) {
                throw new IllegalArgumentException("jsonl columns are field names; got index '" + ref
                        + "' in the column mapping");
            }
        }
        String file = path.toString();
        ctx.files.add(file);
        String[] refs = {columns.user(), columns.item(), columns.value(), columns.time()};
        String[] text = new String[4];
        JsonToken[] kinds = new JsonToken[4];
        long events = 0;
        try (LineReader reader = new LineReader(path, LineReader.Encoding.UTF8)) {
            String line;
            while ((line = reader.next()) != null) {
                ctx.report.countLine();
                if (line.isBlank()) {
                    continue;
                }
                long lineNo = reader.lineNumber();
                try {
                    readJsonObject(line, refs, text, kinds, file, lineNo);
                    for (int role = 0; role < 2; role++) {
                        if (text[role] == null || text[role].isBlank()) {
                            throw new DataFormatException(file, lineNo, refs[role], "expected a field '"
                                    + refs[role] + "' with the " + ROLES[role] + " id; got none in '" + line + "'");
                        }
                    }
                    float value = 1f;
                    if (refs[VALUE] != null) {
                        if (text[VALUE] == null) {
                            throw new DataFormatException(file, lineNo, refs[VALUE], "expected a field '"
                                    + refs[VALUE] + "' with a number; got none");
                        }
                        try {
                            value = Float.parseFloat(text[VALUE].strip());
                        } catch (NumberFormatException e) {
                            throw new DataFormatException(file, lineNo, refs[VALUE], "expected a number; got '"
                                    + text[VALUE] + "'");
                        }
                    }
                    long time = 0;
                    if (refs[TIME] != null) {
                        time = jsonTime(text[TIME], kinds[TIME], columns.timeFormat(), file, lineNo, refs[TIME]);
                    }
                    String userId = text[USER].strip();
                    String itemId = text[ITEM].strip();
                    int u = ids.user(userId);
                    if (u < 0) {
                        throw unknown(file, lineNo, refs[USER], "user", userId);
                    }
                    int i = ids.item(itemId);
                    if (i < 0) {
                        throw unknown(file, lineNo, refs[ITEM], "item", itemId);
                    }
                    builder.add(u, i, value, time);
                    events++;
                } catch (DataFormatException e) {
                    ctx.bad(e);
                }
            }
        }
        return events;
    }

    /** Fills {@code text[role]} with the scalar text of each mapped top-level field (null when absent). */
    private static void readJsonObject(String line, String[] refs, String[] text, JsonToken[] kinds, String file,
                                       long lineNo) throws IOException {
        java.util.Arrays.fill(text, null);
        java.util.Arrays.fill(kinds, null);
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DataFormatException(file, lineNo, null, "expected a JSON object; got '" + line + "'");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                for (int role = 0; role < 4; role++) {
                    if (name.equals(refs[role]) && v != JsonToken.VALUE_NULL) {
                        text[role] = p.getText();
                        kinds[role] = v;
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new DataFormatException(file, lineNo, null, "expected a JSON object; got '" + line + "'");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(file, lineNo, null, "expected a JSON object; got malformed JSON ("
                    + e.getOriginalMessage() + ")");
        }
    }

    private static long jsonTime(String text, JsonToken kind, ColumnMapping.TimeFormat format, String file,
                                 long line, String field) {
        if (text == null) {
            throw new DataFormatException(file, line, field, "expected a field '" + field + "' with a time; got none");
        }
        try {
            return switch (format) {
                case EPOCH_SECONDS -> Long.parseLong(text.strip());
                case EPOCH_MILLIS -> Math.floorDiv(Long.parseLong(text.strip()), 1000L);
                case ISO -> ColumnMapping.TimeFormat.parseIso(text);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new DataFormatException(file, line, field, "expected " + describe(format) + "; got '" + text
                    + "'" + (kind == JsonToken.VALUE_NUMBER_FLOAT ? " (a fractional number)" : ""));
        }
    }
}
