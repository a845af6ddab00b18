package ai.affinity.model.mf;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.ContractFixture;
import ai.affinity.model.FitContext;
import ai.affinity.model.Recommender;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelStore;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameters, training behaviour, fold-in and persistence of {@link Bpr}. */
class BprTest {
    private static final Bpr SMALL = Bpr.fromParams(Map.of("factors", "8", "epochs", "60", "lr", "0.1", "reg", "0.01"));
    private static final Bpr SMALL_BY_EVENT = Bpr.fromParams(Map.of("factors", "8", "epochs", "60", "lr", "0.1",
            "reg", "0.01", "sampling", "events"));

    @Test
    void defaultsAndParameterParsing() {
        Bpr d = Bpr.fromParams(Map.of());
        assertEquals(new Bpr(), d);
        assertEquals(Bpr.DEFAULT_FACTORS, d.factors());
        Bpr p = Bpr.fromParams(Map.of("factors", "32", "reg", "0.5", "reg_bias", "0.1", "decay", "Exponential",
                "negatives", "popularity", "beta", "0.5", "warmup", "3", "epochs", "10", "lr_final", "0.2"));
        assertEquals(32, p.factors());
        assertEquals(0.5, p.regUser());
        assertEquals(0.5, p.regItem());
        assertEquals(0.1, p.regBias());
        assertEquals(Bpr.Decay.EXPONENTIAL, p.decay());
        assertEquals(Bpr.NegativeSampling.POPULARITY, p.negatives());
        assertEquals(3, p.warmupEpochs());
        // params() is complete and reads back to an equal record.
        assertEquals(p, Bpr.fromParams(p.paramStrings()));
        assertEquals("exponential", p.params().get("decay"));
        assertEquals(Bpr.Sampling.USERS, d.sampling());
        assertEquals(Bpr.Sampling.EVENTS, SMALL_BY_EVENT.sampling());
        assertEquals(p, AlgorithmRegistry.create("bpr:factors=32,reg=0.5,reg_bias=0.1,decay=exponential,"
                + "negatives=popularity,beta=0.5,warmup=3,epochs=10,lr_final=0.2"));
        assertFalse(AlgorithmRegistry.searchSpace("bpr").isEmpty());
    }

    @Test
    void badParametersAreNamed() {
        assertMessage("'factors' must be in [1, 4096]", Map.of("factors", "0"));
        assertMessage("'lr' must be > 0", Map.of("lr", "-1"));
        assertMessage("'reg_item' must be >= 0", Map.of("reg_item", "-0.1"));
        assertMessage("'negatives': expected one of uniform, popularity", Map.of("negatives", "hard"));
        assertMessage("'warmup' must be >= 0 and < epochs (5)", Map.of("warmup", "5", "epochs", "5"));
        assertMessage("'lr_final' must be in (0, 1]", Map.of("lr_final", "0"));
        assertMessage("has no parameter 'lamda'", Map.of("lamda", "1"));
        assertMessage("'epochs': expected an integer", Map.of("epochs", "ten"));
    }

    private static void assertMessage(String part, Map<String, String> params) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bpr.fromParams(params));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().contains("bpr"), e.getMessage());
    }

    @Test
    void trainingOrdersMoreTriplesRightEpochAfterEpoch() {
        for (Bpr algo : new Bpr[] {SMALL, SMALL_BY_EVENT}) {
            BprTrainer t = BprTrainer.train(algo, ContractFixture.training(3).train(), new FitContext(3, 1, Progress.silent()));
            double first = t.epochAuc[0];
            double last = t.epochAuc[t.epochAuc.length - 1];
            assertTrue(first < 0.75, algo.sampling() + " first epoch " + first);
            assertTrue(last > 0.95, algo.sampling() + " last epoch " + last);
        }
    }

    @Test
    void shuffleIsAPermutation() {
        int[] a = new int[50];
        for (int p = 0; p < a.length; p++) {
            a[p] = p;
        }
        int[] identity = a.clone();
        BprTrainer.shuffle(a, new java.util.SplittableRandom(1));
        assertFalse(java.util.Arrays.equals(identity, a), "order changed");
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(identity, sorted);
    }

    @Test
    void oneThreadIsBitIdenticalAndSeedsDiffer() {
        oneThreadIsBitIdenticalAndSeedsDiffer(SMALL);
        oneThreadIsBitIdenticalAndSeedsDiffer(SMALL_BY_EVENT);
    }

    private static void oneThreadIsBitIdenticalAndSeedsDiffer(Bpr algo) {
        Interactions x = ContractFixture.training(5).train();
        BprModel a = algo.fit(TrainingData.of(x), new FitContext(9, 1, Progress.silent()));
        BprModel b = algo.fit(TrainingData.of(x), new FitContext(9, 1, Progress.silent()));
        BprModel c = algo.fit(TrainingData.of(x), new FitContext(10, 1, Progress.silent()));
        assertArrayEquals(a.userVector(3), b.userVector(3), 0f);
        assertArrayEquals(a.itemVector(7), b.itemVector(7), 0f);
        assertNotEquals(a.itemVector(7)[0], c.itemVector(7)[0]);
    }

    /** Hogwild with several threads is not bit-reproducible, but it must find the same structure. */
    @Test
    void severalThreadsLearnTheBlocksForEverySeed() {
        for (long seed = 1; seed <= 4; seed++) {
            for (int threads : new int[] {1, 4}) {
                TrainingData data = ContractFixture.training(seed);
                Bpr algo = seed % 2 == 0 ? SMALL : SMALL_BY_EVENT;
                Recommender rec = new Recommender(algo.fit(data, new FitContext(seed, threads, Progress.silent())));
                for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
                    int[] top = rec.recommend(new UserQuery(u, data.train().history(u), null), 1, true, null);
                    assertEquals(ContractFixture.userBlock(u), ContractFixture.itemBlock(top[0]),
                            "seed " + seed + ", threads " + threads + ", user " + u);
                }
                for (int block = 0; block < ContractFixture.BLOCKS; block++) {
                    int[] top = rec.recommend(UserQuery.anonymous(ContractFixture.newUserHistory(block, seed == 1 ? 0 : 3)),
                            1, true, null);
                    assertEquals(block, ContractFixture.itemBlock(top[0]), "new user, seed " + seed + ", block " + block);
                }
            }
        }
    }

    @Test
    void foldInIsDeterministicAndResemblesTheTrainedVector() {
        TrainingData data = ContractFixture.training(2);
        BprModel m = SMALL.fit(data, new FitContext(2, 1, Progress.silent()));
        History h = data.train().history(0);
        float[] a = m.foldIn(h);
        assertArrayEquals(a, m.foldIn(h), 0f);
        // Order and duplicates of the history do not matter, out-of-range items are ignored.
        int[] items = h.items();
        int[] shuffled = new int[items.length + 2];
        for (int p = 0; p < items.length; p++) {
            shuffled[p] = items[items.length - 1 - p];
        }
        shuffled[items.length] = items[0];
        shuffled[items.length + 1] = 10_000;
        assertArrayEquals(a, m.foldIn(History.ofItems(shuffled)), 0f);
        // The folded-in vector points the way the trained one does.
        float[] trained = m.userVector(0);
        assertTrue(cosine(a, trained) > 0.8, "cosine " + cosine(a, trained));
        // No history: zero vector, so scores are the item biases.
        float[] zero = m.foldIn(History.empty());
        assertArrayEquals(new float[SMALL.factors()], zero, 0f);
        float[] s = new float[m.numItems()];
        m.score(UserQuery.anonymous(History.empty()), s);
        for (int i = 0; i < s.length; i++) {
            assertEquals(m.itemBias(i), s[i], 0f);
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int f = 0; f < a.length; f++) {
            dot += a[f] * b[f];
            na += a[f] * a[f];
            nb += b[f] * b[f];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void usersWithoutTrainingEventsAreFoldedIn() {
        Interactions.Builder b = Interactions.builder().setDimensions(4, 6);
        b.add(0, 0, 1, 1);
        b.add(0, 1, 1, 2);
        b.add(1, 3, 1, 1);
        b.add(1, 4, 1, 2);
        BprModel m = SMALL.fit(TrainingData.of(b.build()), new FitContext(1, 2, Progress.silent()));
        assertTrue(m.isTrainedUser(0));
        assertFalse(m.isTrainedUser(2));
        assertFalse(m.isTrainedUser(4));
        assertFalse(m.isTrainedUser(-1));
        History h = History.ofItems(3, 4);
        float[] viaUnknownId = new float[6];
        float[] viaEmptyUser = new float[6];
        float[] viaOutOfRange = new float[6];
        m.score(UserQuery.anonymous(h), viaUnknownId);
        m.score(new UserQuery(2, h, null), viaEmptyUser);
        m.score(new UserQuery(99, h, null), viaOutOfRange);
        assertArrayEquals(viaUnknownId, viaEmptyUser, 0f);
        assertArrayEquals(viaUnknownId, viaOutOfRange, 0f);
        // A history holding every item leaves no negative: bias-only scores, still finite.
        m.score(UserQuery.anonymous(History.ofItems(0, 1, 2, 3, 4, 5)), viaUnknownId);
        for (float v : viaUnknownId) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void emptyTrainingGivesAFiniteModel() {
        BprModel m = SMALL.fit(TrainingData.of(Interactions.empty(3, 5)), FitContext.seeded(1));
        float[] s = new float[5];
        m.score(UserQuery.anonymous(History.ofItems(1)), s);
        for (float v : s) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void popularityNegativesTrainAndSurviveSaveAndLoad() throws Exception {
        Map<String, String> p = new LinkedHashMap<>(Map.of("factors", "8", "epochs", "60", "lr", "0.1", "reg", "0.01"));
        p.put("negatives", "popularity");
        p.put("beta", "0.5");
        TrainingData data = ContractFixture.training(4);
        BprModel m = Bpr.fromParams(p).fit(data, new FitContext(4, 1, Progress.silent()));
        BprModel loaded = (BprModel) ModelStore.fromBytes(ModelStore.toBytes(m));
        assertEquals(m.config(), loaded.config());
        History h = ContractFixture.newUserHistory(2, 1);
        float[] a = new float[m.numItems()];
        float[] b = new float[m.numItems()];
        m.score(UserQuery.anonymous(h), a);
        loaded.score(UserQuery.anonymous(h), b);
        assertArrayEquals(a, b, 0f);
        int[] top = new Recommender(m).recommend(UserQuery.anonymous(h), 1, true, null);
        assertEquals(2, ContractFixture.itemBlock(top[0]));
    }
}
