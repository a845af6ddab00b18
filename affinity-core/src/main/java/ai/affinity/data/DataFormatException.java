package ai.affinity.data;

/**
 * Malformed input: names the file, the 1-based line, the field and what was expected, so that a
 * user can fix the input. Line 0 means the problem is with the file as a whole.
 */
public final class DataFormatException extends RuntimeException {
    private final String file;
    private final long line;
    private final String field;

    public DataFormatException(String file, long line, String field, String message) {
        super(format(file, line, field, message));
        this.file = file;
        this.line = line;
        this.field = field;
    }

    private static String format(String file, long line, String field, String message) {
        StringBuilder sb = new StringBuilder();
        sb.append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (field != null && !field.isEmpty()) {
            sb.append(" field '").append(field).append('\'');
        }
        sb.append(": ").append(message);
        return sb.toString();
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String field() {
        return field;
    }
}
