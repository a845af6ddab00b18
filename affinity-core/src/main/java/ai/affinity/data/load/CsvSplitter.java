package ai.affinity.data.load;

/**
 * Splits one delimited line into fields without copying: after {@link #split(String)} each field
 * is a range of the line, and numbers are parsed straight from that range. Handles RFC 4180
 * quoting when enabled: a field that starts with {@code "} runs to the next lone {@code "}, and
 * {@code ""} inside it stands for one quote. The delimiter may be several characters ({@code ::}).
 *
 * <p>Quoted fields never span lines here: {@link #split} returns {@link #UNCLOSED_QUOTE} and the
 * caller may append the next line (with its line break) and split again. Not thread-safe; reuse one
 * instance per reader so that the field arrays are allocated once.
 */
public final class CsvSplitter {
    /** {@link #split} result: a quoted field is not closed before the end of the line. */
    public static final int UNCLOSED_QUOTE = -1;
    /** {@link #split} result: a closing quote is followed by text other than the delimiter. */
    public static final int TEXT_AFTER_QUOTE = -2;

    private static final byte PLAIN = 0;
    private static final byte QUOTED = 1;
    private static final byte QUOTED_ESCAPES = 2;
    private static final float[] POW10 = {1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private final String delimiter;
    private final char delim0;
    private final int delimLength;
    private final boolean quotes;
    private String line = "";
    private int count;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private byte[] kinds = new byte[16];

    /**
     * @param delimiter field separator, one or more characters
     * @param quotes    whether {@code "} starts a quoted field
     */
    public CsvSplitter(String delimiter, boolean quotes) {
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        if (quotes && delimiter.indexOf('"') >= 0) {
            throw new IllegalArgumentException("delimiter must not contain a quote when quoting is on");
        }
        this.delimiter = delimiter;
        this.delim0 = delimiter.charAt(0);
        this.delimLength = delimiter.length();
        this.quotes = quotes;
    }

    public String delimiter() {
        return delimiter;
    }

    /**
     * Splits {@code line} (without its line break). Returns the number of fields (at least 1: an
     * empty line is one empty field), or {@link #UNCLOSED_QUOTE} or {@link #TEXT_AFTER_QUOTE}.
     */
    public int split(String line) {
        this.line = line;
        count = 0;
        int len = line.length();
        int p = 0;
        while (true) {
            if (quotes && p < len && line.charAt(p) == '"') {
                int q = p + 1;
                boolean escapes = false;
                while (true) {
                    if (q >= len) {
                        count = 0;
                        return UNCLOSED_QUOTE;
                    }
                    if (line.charAt(q) == '"') {
                        if (q + 1 < len && line.charAt(q + 1) == '"') {
                            escapes = true;
                            q += 2;
                            continue;
                        }
                        break;
                    }
                    q++;
                }
                add(p + 1, q, escapes ? QUOTED_ESCAPES : QUOTED);
                p = q + 1;
                if (p == len) {
                    return count;
                }
                if (!line.startsWith(delimiter, p)) {
                    count = 0;
                    return TEXT_AFTER_QUOTE;
                }
                p += delimLength;
            } else {
                int q = delimLength == 1 ? line.indexOf(delim0, p) : line.indexOf(delimiter, p);
                if (q < 0) {
                    add(p, len, PLAIN);
                    return count;
                }
                add(p, q, PLAIN);
                p = q + delimLength;
            }
        }
    }

    private void add(int s, int e, byte kind) {
        if (count == starts.length) {
            starts = java.util.Arrays.copyOf(starts, count * 2);
            ends = java.util.Arrays.copyOf(ends, count * 2);
            kinds = java.util.Arrays.copyOf(kinds, count * 2);
        }
        starts[count] = s;
        ends[count] = e;
        kinds[count] = kind;
        count++;
    }

    /** Number of fields of the last successful split. */
    public int count() {
        return count;
    }

    /** The line last split. */
    public String line() {
        return line;
    }

    /** Field {@code i} as written, quotes removed and {@code ""} unescaped. */
    public String field(int i) {
        check(i);
        String s = line.substring(starts[i], ends[i]);
        return kinds[i] == QUOTED_ESCAPES ? s.replace("\"\"", "\"") : s;
    }

    /** Field {@code i} without leading and trailing whitespace (ids, numbers). */
    public String trimmed(int i) {
        check(i);
        if (kinds[i] == QUOTED_ESCAPES) {
            return field(i).strip();
        }
        int s = trimStart(i);
        int e = trimEnd(i, s);
        return line.substring(s, e);
    }

    /** Whether field {@code i} is empty or only whitespace. */
    public boolean isBlank(int i) {
        check(i);
        int s = trimStart(i);
        return trimEnd(i, s) == s;
    }

    /** Whether field {@code i}, trimmed, equals {@code s} (lets a reader reuse the previous id). */
    public boolean trimmedEquals(int i, String s) {
        check(i);
        if (kinds[i] == QUOTED_ESCAPES) {
            return field(i).strip().equals(s);
        }
        int a = trimStart(i);
        int b = trimEnd(i, a);
        return b - a == s.length() && line.regionMatches(a, s, 0, b - a);
    }

    /**
     * Field {@code i} as a long: optional sign and decimal digits, surrounding whitespace allowed.
     *
     * @throws NumberFormatException when it is not such a number or overflows
     */
    public long parseLong(int i) {
        check(i);
        if (kinds[i] == QUOTED_ESCAPES) {
            return Long.parseLong(field(i).strip());
        }
        int s = trimStart(i);
        int e = trimEnd(i, s);
        if (s == e) {
            throw new NumberFormatException("empty");
        }
        boolean neg = false;
        char c0 = line.charAt(s);
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-';
            s++;
            if (s == e) {
                throw new NumberFormatException(line.substring(s - 1, e));
            }
        }
        // Accumulate negatively so that Long.MIN_VALUE parses without overflow.
        long r = 0;
        for (int p = s; p < e; p++) {
            int d = line.charAt(p) - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException(line.substring(s, e));
            }
            if (r < Long.MIN_VALUE / 10 || (r == Long.MIN_VALUE / 10 && d > 8)) {
                throw new NumberFormatException("out of range: " + line.substring(s, e));
            }
            r = r * 10 - d;
        }
        if (!neg) {
            if (r == Long.MIN_VALUE) {
                throw new NumberFormatException("out of range: " + line.substring(s, e));
            }
            r = -r;
        }
        return r;
    }

    /**
     * Field {@code i} as a float. Plain decimals ({@code 4}, {@code -3.5}) are parsed from the
     * range without allocating and exactly rounded; anything else (exponents, NaN, long digit
     * strings) goes through {@link Float#parseFloat}.
     *
     * @throws NumberFormatException when it is not a number
     */
    public float parseFloat(int i) {
        check(i);
        if (kinds[i] == QUOTED_ESCAPES) {
            return slowFloat(field(i).strip());
        }
        int s = trimStart(i);
        int e = trimEnd(i, s);
        if (s == e) {
            throw new NumberFormatException("empty");
        }
        int p = s;
        boolean neg = false;
        char c0 = line.charAt(p);
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-';
            p++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        boolean dot = false;
        for (; p < e; p++) {
            char c = line.charAt(p);
            if (c >= '0' && c <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                }
                digits++;
                if (dot) {
                    fraction++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return slowFloat(line.substring(s, e));
            }
        }
        if (digits == 0) {
            throw new NumberFormatException(line.substring(s, e));
        }
        // Both operands are exact floats (mantissa < 2^24, 10^k for k <= 10), so one IEEE division
        // rounds correctly (Clinger's fast path).
        if (digits <= 18 && mantissa < (1L << 24) && fraction < POW10.length) {
            float f = fraction == 0 ? (float) mantissa : (float) mantissa / POW10[fraction];
            return neg ? -f : f;
        }
        return slowFloat(line.substring(s, e));
    }

    private static float slowFloat(String s) {
        // Float.parseFloat also takes Java suffixes ("4d", "1f") and hex; data files must not.
        if (s.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        char last = s.charAt(s.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || s.indexOf('x') >= 0
                || s.indexOf('X') >= 0) {
            throw new NumberFormatException(s);
        }
        return Float.parseFloat(s);
    }

    private int trimStart(int i) {
        int s = starts[i];
        int e = ends[i];
        while (s < e && line.charAt(s) <= ' ') {
            s++;
        }
        return s;
    }

    private int trimEnd(int i, int s) {
        int e = ends[i];
        while (e > s && line.charAt(e - 1) <= ' ') {
            e--;
        }
        return e;
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("field " + i + " of " + count);
        }
    }
}
