package ai.affinity.deep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable arrays of a network, by name, in a fixed order: what the optimiser updates and
 * what {@link #snapshot()} copies to Java arrays. Either created here from Java float arrays
 * ({@link #add}) or wrapping a DJL block's initialised parameters ({@link #of(ParameterList)}).
 * Sparse tables ({@link #addSparse}) live in Java arrays and are updated row by row by the loop
 * after each backward pass; they are part of {@link #snapshot()} and {@link #restore} (after the
 * dense arrays, in the order added).
 *
 * <p>Not thread-safe; the arrays live in the manager given at construction (or the block's).
 */
public final class Weights {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final Map<String, SparseEmbedding> sparse = new LinkedHashMap<>();

    public Weights(NDManager manager) {
        this.manager = manager;
    }

    /** Wraps a DJL block's parameters (already initialised), in the block's order. */
    public static Weights of(NDManager manager, ParameterList parameters) {
        Weights w = new Weights(manager);
        for (Pair<String, Parameter> p : parameters) {
            if (p.getValue().requiresGradient()) {
                w.put(p.getKey(), p.getValue().getArray());
            }
        }
        return w;
    }

    /** Adds a trainable array with the given values (copied) and shape; returns it. */
    public NDArray add(String name, float[] values, long... shape) {
        NDArray a = manager.create(values, new Shape(shape));
        a.setRequiresGradient(true);
        return put(name, a);
    }

    private NDArray put(String name, NDArray a) {
        if (arrays.putIfAbsent(name, a) != null) {
            throw new IllegalArgumentException("duplicate weight '" + name + "'");
        }
        return a;
    }

    /** Adds a sparse table (trained in place by the loop's sparse Adam step); returns it. */
    public SparseEmbedding addSparse(SparseEmbedding table) {
        if (arrays.containsKey(table.name()) || sparse.putIfAbsent(table.name(), table) != null) {
            throw new IllegalArgumentException("duplicate weight '" + table.name() + "'");
        }
        return table;
    }

    /** The sparse tables, in the order added. */
    public List<SparseEmbedding> sparseTables() {
        return List.copyOf(sparse.values());
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no weight '" + name + "'; have " + arrays.keySet());
        }
        return a;
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(arrays.keySet()));
    }

    public int size() {
        return arrays.size();
    }

    public NDManager manager() {
        return manager;
    }

    /** Total number of trainable values (sparse tables included). */
    public long numValues() {
        long n = 0;
        for (NDArray a : arrays.values()) {
            n += a.size();
        }
        for (SparseEmbedding t : sparse.values()) {
            n += t.table().length;
        }
        return n;
    }

    /** Copies every array to a Java array, in {@link #names()} order, then the sparse tables. */
    public float[][] snapshot() {
        float[][] out = new float[arrays.size() + sparse.size()][];
        int i = 0;
        for (NDArray a : arrays.values()) {
            out[i++] = a.toFloatArray();
        }
        for (SparseEmbedding t : sparse.values()) {
            out[i++] = t.snapshot();
        }
        return out;
    }

    /** Writes a {@link #snapshot()} back into the arrays (in place, so optimiser state stays attached). */
    public void restore(float[][] snapshot) {
        if (snapshot.length != arrays.size() + sparse.size()) {
            throw new IllegalArgumentException("snapshot has " + snapshot.length + " arrays, weights "
                    + (arrays.size() + sparse.size()));
        }
        int i = 0;
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            float[] v = snapshot[i++];
            if (v.length != e.getValue().size()) {
                throw new IllegalArgumentException("snapshot of '" + e.getKey() + "' has " + v.length + " values, expected "
                        + e.getValue().size());
            }
            e.getValue().set(v);
        }
        for (SparseEmbedding t : sparse.values()) {
            t.restore(snapshot[i++]);
        }
    }

    /** One array's current values (e.g. for export after training). */
    public float[] values(String name) {
        return get(name).toFloatArray();
    }

    Iterable<Map.Entry<String, NDArray>> entries() {
        return arrays.entrySet();
    }
}
