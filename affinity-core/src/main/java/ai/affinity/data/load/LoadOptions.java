package ai.affinity.data.load;

import ai.affinity.data.DuplicatePolicy;

/**
 * How a loader treats the events it reads.
 *
 * @param minValue        null to keep every event; otherwise keep only events with value ≥ this
 *                        (implicit feedback from ratings); the others are counted as skipped
 * @param skipBadLines    false: a malformed line stops loading with a
 *                        {@link ai.affinity.data.DataFormatException}; true: it is counted in the
 *                        report (with the first messages kept) and loading goes on
 * @param duplicatePolicy how repeated (user, item) events merge; null means {@link DuplicatePolicy#LAST}
 * @param columns         the column mapping for generic formats (csv, tsv, jsonl); null otherwise
 */
public record LoadOptions(Float minValue, boolean skipBadLines, DuplicatePolicy duplicatePolicy, ColumnMapping columns) {
    private static final LoadOptions DEFAULTS = new LoadOptions(null, false, DuplicatePolicy.LAST, null);

    public LoadOptions {
        duplicatePolicy = duplicatePolicy == null ? DuplicatePolicy.LAST : duplicatePolicy;
        if (minValue != null && minValue.isNaN()) {
            throw new IllegalArgumentException("minValue must be a number");
        }
    }

    /** Keep every event, fail on the first bad line, last value wins, no column mapping. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    public LoadOptions withMinValue(Float min) {
        return new LoadOptions(min, skipBadLines, duplicatePolicy, columns);
    }

    public LoadOptions withSkipBadLines(boolean skip) {
        return new LoadOptions(minValue, skip, duplicatePolicy, columns);
    }

    public LoadOptions withDuplicatePolicy(DuplicatePolicy policy) {
        return new LoadOptions(minValue, skipBadLines, policy, columns);
    }

    public LoadOptions withColumns(ColumnMapping mapping) {
        return new LoadOptions(minValue, skipBadLines, duplicatePolicy, mapping);
    }
}
