package ai.affinity.deep.seq;

import ai.affinity.data.History;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelReader;
import ai.affinity.model.io.ModelWriter;
import ai.affinity.model.io.SavableModel;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted SASRec: scores every item by the dot product of the network's last hidden state over the
 * query's history (its newest {@code maxLen} events, read at query time) with the item embeddings.
 * The user index is not used, so new events and unknown users need no retraining. History items
 * outside the model's catalogue (added after training) are skipped. An empty history scores with
 * the final layer norm's bias as hidden state (a learned, history-free ranking).
 *
 * <p>Immutable and thread-safe: the forward pass runs in pure Java on exported float arrays with one
 * scratch {@link SasRecForward} per thread; no native calls at scoring time.
 */
public final class SasRecModel implements SavableModel {
    private final SasRecWeights weights;
    private final Map<String, String> params;
    private final ThreadLocal<Scratch> scratch;

    SasRecModel(SasRecWeights weights, Map<String, String> params) {
        this.weights = weights;
        this.params = Map.copyOf(params);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(weights));
    }

    private static final class Scratch {
        final SasRecForward forward;
        final int[] items;
        final float[] hidden;

        Scratch(SasRecWeights w) {
            forward = new SasRecForward(w);
            items = new int[w.maxLen()];
            hidden = new float[w.dim()];
        }
    }

    /** The exported network (arrays are shared, not copied: do not modify). */
    public SasRecWeights weights() {
        return weights;
    }

    /** Hyperparameters it was trained with (for display). */
    public Map<String, String> params() {
        return params;
    }

    @Override
    public Map<String, String> fitFacts() {
        String best = params.get("best_epoch");
        return best == null ? Map.of() : Map.of("best_epoch", best);
    }

    @Override
    public int numItems() {
        return weights.numItems();
    }

    @Override
    public void score(UserQuery query, float[] scoresOut) {
        Scratch s = scratch.get();
        int n = recentItems(query.history(), s.items);
        int d = weights.dim();
        float[] h = s.hidden;
        if (n == 0) {
            System.arraycopy(weights.lastBeta(), 0, h, 0, d);
        } else {
            s.forward.hiddenStates(s.items, n, true, h);
        }
        float[] item = weights.item();
        for (int i = 0, numItems = weights.numItems(); i < numItems; i++) {
            int r = (i + 1) * d;
            float dot = 0f;
            for (int j = 0; j < d; j++) {
                dot += h[j] * item[r + j];
            }
            scoresOut[i] = dot;
        }
    }

    /** Hidden state after the final layer norm for the newest position of {@code history} (length d). */
    public float[] lastHidden(History history) {
        Scratch s = scratch.get();
        int n = recentItems(history, s.items);
        float[] h = new float[weights.dim()];
        if (n == 0) {
            System.arraycopy(weights.lastBeta(), 0, h, 0, h.length);
        } else {
            s.forward.hiddenStates(s.items, n, true, h);
        }
        return h;
    }

    /** Hidden states of every position of a sequence of item indexes (tests compare them with DJL). */
    float[] allHidden(int[] items) {
        float[] out = new float[items.length * weights.dim()];
        new SasRecForward(weights).hiddenStates(items, items.length, false, out);
        return out;
    }

    /** Copies the newest {@code maxLen} known items of {@code h} into {@code out}, oldest first; returns how many. */
    private int recentItems(History h, int[] out) {
        int numItems = weights.numItems();
        int n = 0;
        for (int p = h.size() - 1; p >= 0 && n < out.length; p--) {
            int it = h.item(p);
            if (it >= 0 && it < numItems) {
                n++;
            }
        }
        int k = n;
        for (int p = h.size() - 1; p >= 0 && k > 0; p--) {
            int it = h.item(p);
            if (it >= 0 && it < numItems) {
                out[--k] = it;
            }
        }
        return n;
    }

    @Override
    public String kind() {
        return SasRec.NAME;
    }

    @Override
    public int payloadVersion() {
        return 1;
    }

    @Override
    public void writePayload(ModelWriter out) throws IOException {
        out.writeStringMap(params);
        weights.write(out);
    }

    /** Decodes what {@link #writePayload} wrote. */
    public static SasRecModel read(ModelReader in, int version) throws IOException {
        if (version != 1) {
            throw new IOException("sasrec model payload version " + version + " is not supported (expected 1)");
        }
        Map<String, String> params = new LinkedHashMap<>(in.readStringMap());
        return new SasRecModel(SasRecWeights.read(in), params);
    }
}
