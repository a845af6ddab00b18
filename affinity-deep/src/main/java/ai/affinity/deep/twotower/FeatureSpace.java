package ai.affinity.deep.twotower;

import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The categorical inputs of one tower: a list of fields (attribute names), each with a vocabulary
 * of tokens, laid out as consecutive rows of one embedding table. Row {@code offset(f)} of field
 * {@code f} is its "missing or unknown" token; the field's known tokens follow in sorted order.
 * Categorical attributes are tokens as they are (multi-valued item attributes give several tokens);
 * numeric attributes (user age, item year) are cut into bands of width {@code band} and the band
 * number is the token. Tokens seen fewer than {@code minCount} times in the catalogue map to the
 * missing row (so near-unique values such as zip codes do not act as ids). Immutable.
 */
final class FeatureSpace {
    private final String[] fields;
    private final boolean[] numeric;
    private final List<Map<String, Integer>> vocab;
    private final int[] offset;
    private final int rows;
    private final double band;

    private FeatureSpace(String[] fields, boolean[] numeric, List<Map<String, Integer>> vocab, double band) {
        this.fields = fields;
        this.numeric = numeric;
        this.vocab = vocab;
        this.band = band;
        this.offset = new int[fields.length];
        int r = 0;
        for (int f = 0; f < fields.length; f++) {
            offset[f] = r;
            r += 1 + vocab.get(f).size();
        }
        this.rows = r;
    }

    /** The fields of the users {@code 0..numUsers-1} of {@code users}. */
    static FeatureSpace ofUsers(UserCatalog users, int numUsers, double band, int minCount) {
        Builder b = new Builder(band);
        for (int u = 0; u < Math.min(numUsers, users.size()); u++) {
            UserFeatures f = users.get(u);
            f.categorical().forEach((k, v) -> b.count(k, false, v));
            f.numeric().forEach((k, v) -> b.count(k, true, bandToken(v, band)));
        }
        return b.build(minCount);
    }

    /** The fields of the items {@code 0..numItems-1} of {@code items}. */
    static FeatureSpace ofItems(ItemCatalog items, int numItems, double band, int minCount) {
        Builder b = new Builder(band);
        for (int i = 0; i < Math.min(numItems, items.size()); i++) {
            ItemContent c = items.get(i);
            c.categorical().forEach((k, vs) -> {
                for (String v : vs) {
                    b.count(k, false, v);
                }
            });
            c.numeric().forEach((k, v) -> b.count(k, true, bandToken(v, band)));
        }
        return b.build(minCount);
    }

    private static String bandToken(double v, double band) {
        return Double.isFinite(v) ? Long.toString((long) Math.floor(v / band)) : "";
    }

    private static final class Builder {
        final double band;
        /** field → (is numeric, token → count), fields sorted by name for a stable layout. */
        final TreeMap<String, Boolean> kind = new TreeMap<>();
        final Map<String, TreeMap<String, Integer>> counts = new HashMap<>();

        Builder(double band) {
            this.band = band;
        }

        void count(String field, boolean isNumeric, String token) {
            // A name used both ways counts as categorical, with numbers banded into the same vocabulary.
            kind.merge(field, isNumeric, (a, b) -> a && b);
            if (!token.isEmpty()) {
                counts.computeIfAbsent(field, k -> new TreeMap<>()).merge(token, 1, Integer::sum);
            }
        }

        FeatureSpace build(int minCount) {
            String[] fields = kind.keySet().toArray(new String[0]);
            boolean[] numeric = new boolean[fields.length];
            List<Map<String, Integer>> vocab = new ArrayList<>();
            for (int f = 0; f < fields.length; f++) {
                numeric[f] = kind.get(fields[f]);
                Map<String, Integer> v = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> e : counts.getOrDefault(fields[f], new TreeMap<>()).entrySet()) {
                    if (e.getValue() >= minCount) {
                        v.put(e.getKey(), 1 + v.size());
                    }
                }
                vocab.add(v);
            }
            return new FeatureSpace(fields, numeric, vocab, band);
        }
    }

    int numFields() {
        return fields.length;
    }

    String field(int f) {
        return fields[f];
    }

    /** Rows of the tower's feature table (every field's tokens plus its missing row). */
    int rows() {
        return rows;
    }

    /** Table row of each user field, one per field ({@code numFields()} entries). */
    int[] userRows(UserFeatures features) {
        int[] out = new int[fields.length];
        for (int f = 0; f < fields.length; f++) {
            String token = null;
            String cat = features.categorical().get(fields[f]);
            if (cat != null) {
                token = cat;
            } else {
                Double v = features.numeric().get(fields[f]);
                if (v != null) {
                    token = bandToken(v, band);
                }
            }
            out[f] = row(f, token);
        }
        return out;
    }

    /** Table rows of each item field: {@code [f]} holds the field's distinct tokens, or its missing row alone. */
    int[][] itemRows(ItemContent content) {
        int[][] out = new int[fields.length][];
        for (int f = 0; f < fields.length; f++) {
            TreeSet<Integer> rowsOf = new TreeSet<>();
            List<String> cats = content.categorical().get(fields[f]);
            if (cats != null) {
                for (String c : cats) {
                    int r = row(f, c);
                    if (r != offset[f]) {
                        rowsOf.add(r);
                    }
                }
            }
            Double v = content.numeric().get(fields[f]);
            if (v != null) {
                int r = row(f, bandToken(v, band));
                if (r != offset[f]) {
                    rowsOf.add(r);
                }
            }
            out[f] = rowsOf.isEmpty() ? new int[] {offset[f]} : rowsOf.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private int row(int f, String token) {
        Integer k = token == null ? null : vocab.get(f).get(token);
        return offset[f] + (k == null ? 0 : k);
    }

    void write(ModelWriter out) throws IOException {
        out.writeDouble(band);
        out.writeInt(fields.length);
        for (int f = 0; f < fields.length; f++) {
            out.writeString(fields[f]);
            out.writeBoolean(numeric[f]);
            out.writeInt(vocab.get(f).size());
            for (String t : vocab.get(f).keySet()) {
                out.writeString(t);
            }
        }
    }

    static FeatureSpace read(ModelReader in) throws IOException {
        double band = in.readDouble();
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("twotower model: bad number of feature fields " + n);
        }
        String[] fields = new String[n];
        boolean[] numeric = new boolean[n];
        List<Map<String, Integer>> vocab = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            fields[f] = in.readString();
            numeric[f] = in.readBoolean();
            int size = in.readInt();
            if (size < 0) {
                throw new IOException("twotower model: bad vocabulary size " + size + " of field '" + fields[f] + "'");
            }
            Map<String, Integer> v = new LinkedHashMap<>();
            for (int k = 0; k < size; k++) {
                v.put(in.readString(), k + 1);
            }
            vocab.add(v);
        }
        return new FeatureSpace(fields, numeric, vocab, band);
    }
}
