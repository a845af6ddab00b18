package ai.affinity.deep.seq;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DJL network and its pure-Java twin agree; attention is causal; padding does not leak in.
 * Every parameter is set to random values first (not the initial unit gains and zero biases), so
 * all of them take part in the comparison.
 */
class SasRecNetworkTest {
    private static final int ITEMS = 30;
    private static final int DIM = 16;
    private static final int MAX_LEN = 10;

    private static SasRecNetwork randomNetwork(NDManager m, boolean gelu, int heads) {
        SasRecNetwork net = new SasRecNetwork(ITEMS, DIM, 2, heads, MAX_LEN, 0.2, gelu, 5);
        net.initialize(m, DataType.FLOAT32, new Shape(1, MAX_LEN));
        SplittableRandom rng = new SplittableRandom(99);
        for (Parameter p : net.allParameters()) {
            float[] v = new float[Math.toIntExact(p.getArray().getShape().size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextDouble(-0.5, 0.5) + (p.getType() == Parameter.Type.GAMMA ? 1 : 0));
            }
            p.getArray().set(v);
        }
        return net;
    }

    /** Hidden states (eval mode) of rows of shifted ids, as a flat (B, L, d) array. */
    private static float[] djlHidden(SasRecNetwork net, NDManager m, int[] shiftedIds, int rows, int width) {
        try (NDManager bm = m.newSubManager()) {
            NDArray seq = bm.create(shiftedIds, new Shape(rows, width));
            NDList out = net.forward(new ParameterStore(bm, false), new NDList(seq), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void javaForwardEqualsDjlForwardWithPaddingReluAndGelu() {
        for (boolean gelu : new boolean[] {false, true}) {
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                SasRecNetwork net = randomNetwork(m, gelu, 2);
                SasRecModel model = new SasRecModel(net.export(), Map.of());
                int[] a = {3, 7, 1, 29, 0, 12, 5};            // 7 items: 3 padding slots in a width-10 row
                int[] b = {4, 4, 9, 18, 22, 2, 0, 11, 6, 13}; // a full row
                int[] rows = new int[20];
                for (int t = 0; t < a.length; t++) {
                    rows[3 + t] = a[t] + 1;
                }
                for (int t = 0; t < b.length; t++) {
                    rows[10 + t] = b[t] + 1;
                }
                float[] djl = djlHidden(net, m, rows, 2, 10);
                float[] ja = model.allHidden(a);
                float[] jb = model.allHidden(b);
                for (int t = 0; t < a.length; t++) {
                    for (int j = 0; j < DIM; j++) {
                        assertEquals(djl[((3 + t)) * DIM + j], ja[t * DIM + j], 2e-4, "gelu=" + gelu + " a t=" + t);
                    }
                }
                for (int t = 0; t < b.length; t++) {
                    for (int j = 0; j < DIM; j++) {
                        assertEquals(djl[(10 + t) * DIM + j], jb[t * DIM + j], 2e-4, "gelu=" + gelu + " b t=" + t);
                    }
                }
                // The scoring path (last position only) gives the same last row.
                float[] last = model.lastHidden(ai.affinity.data.History.ofItems(b));
                for (int j = 0; j < DIM; j++) {
                    assertEquals(jb[(b.length - 1) * DIM + j], last[j], 1e-5);
                }
            }
        }
    }

    @Test
    void positionTNeverAttendsToLaterItems() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            SasRecNetwork net = randomNetwork(m, false, 1);
            int[] s1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            int[] s2 = s1.clone();
            s2[6] = 25; // perturb position 6
            float[] h1 = djlHidden(net, m, s1, 1, 10);
            float[] h2 = djlHidden(net, m, s2, 1, 10);
            for (int t = 0; t < 10; t++) {
                double diff = 0;
                for (int j = 0; j < DIM; j++) {
                    diff = Math.max(diff, Math.abs(h1[t * DIM + j] - h2[t * DIM + j]));
                }
                if (t < 6) {
                    assertEquals(0.0, diff, 1e-6, "position " + t + " changed when position 6 changed");
                } else {
                    assertTrue(diff > 1e-3, "position " + t + " did not react to position 6");
                }
            }
        }
    }

    @Test
    void leadingPaddingDoesNotChangeOutputs() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            SasRecNetwork net = randomNetwork(m, false, 2);
            // The same 4 items right-aligned in a width-4 row and in a width-10 row (6 padding slots):
            // positions index the same slots from the end, and padding is masked, so outputs agree.
            float[] narrow = djlHidden(net, m, new int[] {5, 6, 7, 8}, 1, 4);
            float[] wide = djlHidden(net, m, new int[] {0, 0, 0, 0, 0, 0, 5, 6, 7, 8}, 1, 10);
            for (int t = 0; t < 4; t++) {
                for (int j = 0; j < DIM; j++) {
                    assertEquals(narrow[t * DIM + j], wide[(6 + t) * DIM + j], 1e-5);
                }
            }
        }
    }

    @Test
    void erfMatchesKnownValues() {
        assertEquals(0.0, SasRecForward.erf(0), 1e-7);
        assertEquals(0.8427007929, SasRecForward.erf(1), 2e-7);
        assertEquals(-0.5204998778, SasRecForward.erf(-0.5), 2e-7);
        assertEquals(0.9953222650, SasRecForward.erf(2), 2e-7);
    }
}
