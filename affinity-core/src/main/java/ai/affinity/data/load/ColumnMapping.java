package ai.affinity.data.load;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which columns of a generic events file (CSV, TSV, JSONL) hold the user id, item id, value and
 * time. A column is named by its header name when {@code header} is true, or by its 0-based index
 * ({@code "0"}, {@code "1"}) — with a header, a reference that is not a header name but is a number
 * is taken as an index. For JSONL the references are field names.
 *
 * <p>Written on the command line as, for example,
 * {@code user=userId,item=movieId,value=rating,time=timestamp,header=true,delimiter=;,time-format=iso};
 * see {@link #parse(String)}.
 *
 * @param user       user id column (required)
 * @param item       item id column (required)
 * @param value      value column, or null: every event has value 1
 * @param time       time column, or null: every event has time 0
 * @param header     whether the first line is a header naming the columns
 * @param delimiter  field separator (one or more characters), or null for the format's default
 *                   ({@code ,} for csv, tab for tsv)
 * @param timeFormat how the time column is written; times are stored as seconds since the epoch
 */
public record ColumnMapping(String user, String item, String value, String time, boolean header, String delimiter,
                            TimeFormat timeFormat) {

    /** How a time column is written. Every format is converted to seconds since the epoch. */
    public enum TimeFormat {
        /** Integer seconds since 1970-01-01T00:00Z. */
        EPOCH_SECONDS("epoch-seconds"),
        /** Integer milliseconds since the epoch (truncated to seconds, rounding down). */
        EPOCH_MILLIS("epoch-millis"),
        /**
         * ISO-8601: an instant ({@code 2020-01-31T12:00:00Z}), a date-time with offset, a local
         * date-time taken as UTC ({@code 2020-01-31T12:00:00} or with a space), or a date (UTC midnight).
         */
        ISO("iso");

        private final String spec;

        TimeFormat(String spec) {
            this.spec = spec;
        }

        /** The command-line name, e.g. {@code epoch-seconds}. */
        public String spec() {
            return spec;
        }

        /** Parses a command-line name. */
        public static TimeFormat parse(String s) {
            for (TimeFormat f : values()) {
                if (f.spec.equalsIgnoreCase(s)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown time-format '" + s
                    + "'; expected epoch-seconds, epoch-millis or iso");
        }

        /**
         * Parses an ISO-8601 time to seconds since the epoch.
         *
         * @throws DateTimeParseException when it is none of the accepted shapes
         */
        public static long parseIso(String s) {
            String t = s.strip();
            if (t.length() > 10 && t.charAt(10) == ' ') {
                t = t.substring(0, 10) + 'T' + t.substring(11);
            }
            if (t.length() <= 10) {
                return LocalDate.parse(t).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            char last = t.charAt(t.length() - 1);
            if (last == 'Z' || last == 'z') {
                return Instant.parse(t.substring(0, t.length() - 1) + 'Z').getEpochSecond();
            }
            int tPos = t.indexOf('T');
            if (t.indexOf('+', tPos) > 0 || t.indexOf('-', tPos) > 0) {
                return OffsetDateTime.parse(t).toEpochSecond();
            }
            return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
        }
    }

    public ColumnMapping {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("column mapping needs user=COLUMN");
        }
        if (item == null || item.isBlank()) {
            throw new IllegalArgumentException("column mapping needs item=COLUMN");
        }
        user = user.strip();
        item = item.strip();
        value = value == null || value.isBlank() ? null : value.strip();
        time = time == null || time.isBlank() ? null : time.strip();
        if (delimiter != null && delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        timeFormat = timeFormat == null ? TimeFormat.EPOCH_SECONDS : timeFormat;
        if (!header) {
            for (String ref : new String[] {user, item, value, time}) {
                if (ref != null && !isIndex(ref)) {
                    throw new IllegalArgumentException("column '" + ref + "' is a name but header=false;"
                            + " name columns by 0-based index (user=0,item=1) or set header=true");
                }
            }
        }
    }

    /** A mapping by 0-based column index with no header (value and time may be -1: absent). */
    public static ColumnMapping ofIndexes(int user, int item, int value, int time, String delimiter) {
        return new ColumnMapping(Integer.toString(user), Integer.toString(item),
                value < 0 ? null : Integer.toString(value), time < 0 ? null : Integer.toString(time),
                false, delimiter, TimeFormat.EPOCH_SECONDS);
    }

    /**
     * Parses {@code key=value} pairs separated by commas. Keys: {@code user}, {@code item}
     * (required), {@code value}, {@code time}, {@code header} ({@code true|false}; default true when
     * any column is a name, false when all are indexes), {@code delimiter} (a literal such as
     * {@code ;} or {@code ::}, a comma written {@code delimiter=,}, or {@code tab}, {@code \t},
     * {@code comma}, {@code semicolon}, {@code pipe}, {@code space}), {@code time-format}
     * ({@code epoch-seconds} (default), {@code epoch-millis}, {@code iso}).
     *
     * @throws IllegalArgumentException naming the offending part
     */
    public static ColumnMapping parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty column mapping; expected e.g. user=userId,item=itemId");
        }
        String user = null;
        String item = null;
        String value = null;
        String time = null;
        Boolean header = null;
        String delimiter = null;
        TimeFormat timeFormat = null;
        Set<String> seen = new HashSet<>();
        int p = 0;
        int n = spec.length();
        while (p < n) {
            int eq = spec.indexOf('=', p);
            int comma = spec.indexOf(',', p);
            if (eq < 0 || (comma >= 0 && comma < eq)) {
                String part = spec.substring(p, comma < 0 ? n : comma);
                throw new IllegalArgumentException("column mapping: expected key=value; got '" + part + "' in '"
                        + spec + "'");
            }
            String key = spec.substring(p, eq).strip().toLowerCase(Locale.ROOT);
            int vs = eq + 1;
            String val;
            if (key.equals("delimiter") && vs < n && spec.charAt(vs) == ',') {
                // "delimiter=," : the comma is the value, not the pair separator.
                val = ",";
                p = vs + 1;
                if (p < n && spec.charAt(p) != ',') {
                    throw new IllegalArgumentException("column mapping: expected ',' after 'delimiter=,' in '"
                            + spec + "'");
                }
            } else {
                int end = spec.indexOf(',', vs);
                end = end < 0 ? n : end;
                val = spec.substring(vs, end);
                p = end;
            }
            if (p < n) {
                p++; // the pair separator
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("column mapping: '" + key + "' given twice in '" + spec + "'");
            }
            String v = key.equals("delimiter") ? val : val.strip();
            if (v.isEmpty()) {
                throw new IllegalArgumentException("column mapping: '" + key + "' has no value in '" + spec + "'");
            }
            switch (key) {
                case "user" -> user = v;
                case "item" -> item = v;
                case "value" -> value = v;
                case "time" -> time = v;
                case "header" -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException("column mapping: header must be true or false; got '"
                                + v + "'");
                    }
                    header = Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
                }
                case "delimiter" -> delimiter = namedDelimiter(v);
                case "time-format", "timeformat" -> timeFormat = TimeFormat.parse(v);
                default -> throw new IllegalArgumentException("column mapping: unknown key '" + key
                        + "'; expected user, item, value, time, header, delimiter, time-format");
            }
        }
        if (user == null) {
            throw new IllegalArgumentException("column mapping needs user=COLUMN; got '" + spec + "'");
        }
        if (item == null) {
            throw new IllegalArgumentException("column mapping needs item=COLUMN; got '" + spec + "'");
        }
        if (header == null) {
            header = !(isIndex(user) && isIndex(item) && (value == null || isIndex(value))
                    && (time == null || isIndex(time)));
        }
        return new ColumnMapping(user, item, value, time, header, delimiter, timeFormat);
    }

    private static String namedDelimiter(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "tab", "\\t" -> "\t";
            case "comma" -> ",";
            case "semicolon" -> ";";
            case "pipe" -> "|";
            case "space" -> " ";
            default -> v;
        };
    }

    /** Whether a column reference is a 0-based index (only digits). */
    public static boolean isIndex(String ref) {
        if (ref == null || ref.isEmpty() || ref.length() > 6) {
            return false;
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** This mapping in {@link #parse} syntax (a comma delimiter is written {@code comma}). */
    public String toSpec() {
        StringBuilder sb = new StringBuilder("user=").append(user).append(",item=").append(item);
        if (value != null) {
            sb.append(",value=").append(value);
        }
        if (time != null) {
            sb.append(",time=").append(time);
        }
        sb.append(",header=").append(header);
        if (delimiter != null) {
            sb.append(",delimiter=").append(switch (delimiter) {
                case "\t" -> "tab";
                case "," -> "comma";
                case " " -> "space";
                default -> delimiter;
            });
        }
        return sb.append(",time-format=").append(timeFormat.spec()).toString();
    }
}
