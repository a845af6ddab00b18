package ai.affinity.model.ease;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelStore;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EaseTest {
    /** 5 users × 5 items; item 4 has no events. Values are ratings. */
    private static final int[][] EVENTS = {
        {0, 0, 5}, {0, 1, 3}, {0, 2, 1},
        {1, 0, 4}, {1, 2, 2},
        {2, 1, 5}, {2, 2, 4}, {2, 3, 1},
        {3, 0, 1}, {3, 3, 5},
        {4, 1, 2}, {4, 3, 3}, {4, 0, 2},
    };
    private static final int USERS = 5;
    private static final int ITEMS = 5;

    private static Interactions data() {
        Interactions.Builder b = Interactions.builder().setDimensions(USERS, ITEMS);
        long t = 0;
        for (int[] e : EVENTS) {
            b.add(e[0], e[1], e[2], t++);
        }
        return b.build();
    }

    /** B from the definition, with a Gauss-Jordan inverse, over the items that have events. */
    private static double[][] referenceB(Interactions x, double lambda, boolean implicit, int[] active) {
        int m = active.length;
        double[][] xd = new double[USERS][ITEMS];
        for (int u = 0; u < USERS; u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                xd[u][x.item(p)] = implicit ? 1 : x.value(p);
            }
        }
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (int u = 0; u < USERS; u++) {
                    g[i][j] += xd[u][active[i]] * xd[u][active[j]];
                }
            }
            g[i][i] += lambda;
        }
        double[][] p = gaussJordanInverse(g);
        double[][] b = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                b[i][j] = i == j ? 0 : -p[i][j] / p[j][j];
            }
        }
        return b;
    }

    private static double[][] gaussJordanInverse(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(w[r][c]) > Math.abs(w[piv][c])) {
                    piv = r;
                }
            }
            double[] tmp = w[c];
            w[c] = w[piv];
            w[piv] = tmp;
            double d = w[c][c];
            for (int k = 0; k < 2 * n; k++) {
                w[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = w[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        w[r][k] -= f * w[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w[i], n, inv[i], 0, n);
        }
        return inv;
    }

    @Test
    void weightsMatchTheClosedFormComputedDirectly() {
        Interactions x = data();
        int[] active = {0, 1, 2, 3};
        for (boolean implicit : new boolean[] {true, false}) {
            for (double lambda : new double[] {0.5, 3, 500}) {
                EaseModel model = new Ease(lambda, implicit).fit(TrainingData.of(x), FitContext.seeded(1));
                double[][] ref = referenceB(x, lambda, implicit, active);
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        double tol = 1e-5 * Math.max(1e-3, Math.abs(ref[i][j]));
                        assertEquals(ref[i][j], model.weight(active[i], active[j]), tol,
                                "B[" + i + "][" + j + "] lambda " + lambda + " implicit " + implicit);
                    }
                }
            }
        }
    }

    @Test
    void handComputedTwoItemCase() {
        // Two users with {0, 1}, one with {0}: G = [[3, 2], [2, 2]] + λI; with λ = 1,
        // P = [[3, -2], [-2, 4]] / 8, B_01 = -P_01 / P_11 = 2/4 = 0.5, B_10 = 2/3.
        Interactions.Builder builder = Interactions.builder().setDimensions(3, 2);
        int[][] pairs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}};
        for (int[] e : pairs) {
            builder.add(e[0], e[1], 1f, 0);
        }
        Interactions x = builder.build();
        EaseModel m = new Ease(1, true).fit(TrainingData.of(x), FitContext.seeded(1));
        assertEquals(0.5, m.weight(0, 1), 1e-6);
        assertEquals(2.0 / 3, m.weight(1, 0), 1e-6);
        float[] s = new float[2];
        m.score(UserQuery.anonymous(History.ofItems(0)), s);
        assertArrayEquals(new float[] {0f, 0.5f}, s, 1e-6f);
    }

    @Test
    void diagonalIsZeroAndEventlessItemsHaveZeroRowsButScore() {
        EaseModel m = new Ease(2, true).fit(TrainingData.of(data()), FitContext.seeded(1));
        assertEquals(ITEMS, m.numItems());
        assertEquals(4, m.numActiveItems());
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(0f, m.weight(i, i), "diagonal " + i);
            assertEquals(0f, m.weight(4, i));
            assertEquals(0f, m.weight(i, 4));
        }
        float[] s = new float[ITEMS];
        m.score(UserQuery.anonymous(History.ofItems(0, 4, 99)), s);
        assertEquals(0f, s[4]);
        assertEquals(0f, s[0], "an item's own weight is zero");
        assertEquals(m.weight(0, 1), s[1], 0f);
    }

    @Test
    void scoresAreSumsOfRowsWithRepeatsCountedOnce() {
        EaseModel m = new Ease(2, true).fit(TrainingData.of(data()), FitContext.seeded(1));
        float[] once = new float[ITEMS];
        float[] twice = new float[ITEMS];
        m.score(UserQuery.anonymous(History.ofItems(0, 2)), once);
        m.score(UserQuery.anonymous(History.ofItems(0, 2, 0)), twice);
        assertArrayEquals(once, twice);
        for (int j = 0; j < ITEMS; j++) {
            assertEquals(m.weight(0, j) + m.weight(2, j), once[j], 1e-6f);
        }
    }

    @Test
    void valueModeWeighsRowsByTheLatestValue() {
        EaseModel m = new Ease(2, false).fit(TrainingData.of(data()), FitContext.seeded(1));
        History h = History.of(new int[] {1, 3, 1}, new long[] {1, 2, 3}, new float[] {5, 2, 4});
        float[] s = new float[ITEMS];
        m.score(UserQuery.anonymous(h), s);
        for (int j = 0; j < ITEMS; j++) {
            assertEquals(4 * m.weight(1, j) + 2 * m.weight(3, j), s[j], 1e-5f);
        }
    }

    @Test
    void threadsDoNotChangeTheModel() throws Exception {
        Interactions x = data();
        EaseModel one = new Ease(3, true).fit(TrainingData.of(x), new FitContext(1, 1, null));
        EaseModel three = new Ease(3, true).fit(TrainingData.of(x), new FitContext(1, 3, null));
        assertArrayEquals(ModelStore.toBytes(one), ModelStore.toBytes(three));
    }

    @Test
    void parametersParseValidateAndRegister() {
        Ease e = Ease.fromParams(Map.of("lambda", "250", "implicit", "false"));
        assertEquals(250, e.lambda());
        assertEquals(false, e.implicit());
        assertEquals(new Ease(), Ease.fromParams(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Ease.fromParams(Map.of("lamda", "5")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Ease.fromParams(Map.of("lambda", "0")));
        assertTrue(bad.getMessage().contains("lambda"), bad.getMessage());
        assertInstanceOf(Ease.class, AlgorithmRegistry.create("ease:lambda=500"));
        assertEquals(2, AlgorithmRegistry.searchSpace("ease").params().size());
    }

    @Test
    void emptyTrainingGivesZeroScores() {
        EaseModel m = new Ease().fit(TrainingData.of(Interactions.empty(3, 4)), FitContext.seeded(1));
        float[] s = {1, 1, 1, 1};
        m.score(UserQuery.anonymous(History.ofItems(1, 2)), s);
        assertArrayEquals(new float[4], s);
    }
}
