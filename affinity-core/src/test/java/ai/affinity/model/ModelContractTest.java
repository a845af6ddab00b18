package ai.affinity.model;

import ai.affinity.data.History;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.io.ModelStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every model passes (subclass it once per algorithm): right answers on a
 * block-diagonal fixture, k larger than the catalogue, an empty history, an unknown user with a
 * history, determinism under a seed, save/load, and concurrent scoring.
 */
public abstract class ModelContractTest {
    /** The algorithm under test, with settings suited to the tiny fixture. */
    protected abstract Algorithm<?> algorithm();

    /** Whether the model finds each user's block (false for popularity and random). */
    protected boolean learnsPreferences() {
        return true;
    }

    /** Whether the model personalises for a user it never saw from their history alone. */
    protected boolean foldsInHistory() {
        return learnsPreferences();
    }

    /** Share of users whose top item must lie in their block. */
    protected double requiredAccuracy() {
        return 0.9;
    }

    protected static final long SEED = 17;

    /**
     * The context of the determinism test. Defaults to all cores; a model whose parallel training
     * is not bit-reproducible (Hogwild SGD) overrides this with one thread and says so in its docs.
     */
    protected FitContext determinismContext(long seed) {
        return FitContext.seeded(seed);
    }

    protected Model fit(long seed) {
        return algorithm().fit(ContractFixture.training(seed), FitContext.seeded(seed));
    }

    private static UserQuery known(TrainingData data, int u) {
        return new UserQuery(u, data.train().history(u), data.users().get(u));
    }

    @Test
    void recommendsFromTheUsersBlock() {
        Assumptions.assumeTrue(learnsPreferences(), "model does not personalise");
        TrainingData data = ContractFixture.training(SEED);
        Recommender rec = new Recommender(algorithm().fit(data, FitContext.seeded(SEED)));
        int correct = 0;
        for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
            int[] top = rec.recommend(known(data, u), 1, true, null);
            if (top.length == 1 && ContractFixture.itemBlock(top[0]) == ContractFixture.userBlock(u)) {
                correct++;
            }
        }
        assertTrue(correct >= requiredAccuracy() * ContractFixture.NUM_USERS,
                correct + " of " + ContractFixture.NUM_USERS + " users got an item of their block first");
    }

    @Test
    void unknownUserWithHistoryGetsTheirBlock() {
        Assumptions.assumeTrue(foldsInHistory(), "model does not fold in new users");
        Recommender rec = new Recommender(fit(SEED));
        int correct = 0;
        int total = 0;
        for (int block = 0; block < ContractFixture.BLOCKS; block++) {
            for (int offset = 0; offset < ContractFixture.ITEMS_PER_BLOCK; offset++) {
                History h = ContractFixture.newUserHistory(block, offset);
                int[] top = rec.recommend(new UserQuery(-1, h, UserFeatures.none()), 1, true, null);
                total++;
                if (top.length == 1 && ContractFixture.itemBlock(top[0]) == block) {
                    correct++;
                }
            }
        }
        assertTrue(correct >= requiredAccuracy() * total, correct + " of " + total + " new users got their block first");
    }

    @Test
    void emptyHistoryGivesFiniteScores() {
        Model m = fit(SEED);
        float[] s = new float[m.numItems()];
        m.score(new UserQuery(-1, History.empty(), UserFeatures.none()), s);
        for (int i = 0; i < s.length; i++) {
            assertTrue(Float.isFinite(s[i]), "item " + i + " scored " + s[i]);
        }
    }

    @Test
    void kLargerThanTheCatalogue() {
        TrainingData data = ContractFixture.training(SEED);
        Recommender rec = new Recommender(algorithm().fit(data, FitContext.seeded(SEED)));
        for (int u = 0; u < ContractFixture.NUM_USERS; u += 7) {
            UserQuery q = known(data, u);
            int[] top = rec.recommend(q, 1000, true, null);
            assertEquals(ContractFixture.NUM_ITEMS - q.history().size(), top.length);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < q.history().size(); i++) {
                seen.add(q.history().item(i));
            }
            Set<Integer> distinct = new HashSet<>();
            for (int item : top) {
                assertFalse(seen.contains(item), "seen item " + item + " recommended");
                assertTrue(distinct.add(item), "duplicate " + item);
            }
        }
    }

    @Test
    void sameSeedSameScores() {
        TrainingData data = ContractFixture.training(SEED);
        Model a = algorithm().fit(data, determinismContext(SEED));
        Model b = algorithm().fit(data, determinismContext(SEED));
        for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
            assertArrayEquals(scores(a, known(data, u)), scores(b, known(data, u)), "user " + u);
        }
    }

    @Test
    void saveAndLoadScoreIdentically() throws Exception {
        TrainingData data = ContractFixture.training(SEED);
        Model m = algorithm().fit(data, FitContext.seeded(SEED));
        Model loaded = ModelStore.fromBytes(ModelStore.toBytes(m));
        for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
            assertArrayEquals(scores(m, known(data, u)), scores(loaded, known(data, u)), "user " + u);
        }
        UserQuery fresh = new UserQuery(-1, ContractFixture.newUserHistory(1, 0), UserFeatures.none());
        assertArrayEquals(scores(m, fresh), scores(loaded, fresh));
    }

    @Test
    void concurrentScoringMatchesSequential() throws Exception {
        TrainingData data = ContractFixture.training(SEED);
        Model m = algorithm().fit(data, FitContext.seeded(SEED));
        List<float[]> expected = new ArrayList<>();
        for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
            expected.add(scores(m, known(data, u)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int rep = 0; rep < 4; rep++) {
                for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
                    int user = u;
                    futures.add(pool.submit(() -> scores(m, known(data, user))));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertArrayEquals(expected.get(k % ContractFixture.NUM_USERS), futures.get(k).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    protected static float[] scores(Model m, UserQuery q) {
        float[] s = new float[m.numItems()];
        m.score(q, s);
        return s;
    }
}
