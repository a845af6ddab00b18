package ai.affinity.model.als;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.ContractFixture;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IalsTest {
    private static final long SEED = 11;

    private static Ials small() {
        return new Ials().with(8, 5, 0.1, 10);
    }

    @Test
    void lossNeverIncreasesAcrossIterations() {
        TrainingData data = ContractFixture.training(SEED);
        for (Ials.Solver solver : Ials.Solver.values()) {
            for (boolean scale : new boolean[] {false, true}) {
                Ials p = small().withSolver(solver).withScaleLambda(scale);
                IalsTrainer t = new IalsTrainer(p, data.train(), new FitContext(SEED, 2, Progress.silent()));
                ExecutorService pool = t.pool();
                try {
                    double previous = t.loss();
                    double first = previous;
                    for (int it = 0; it < 8; it++) {
                        t.iterate(pool);
                        double loss = t.loss();
                        assertTrue(loss <= previous * (1 + 1e-5) + 1e-6,
                                solver + " scale=" + scale + ": loss rose from " + previous + " to " + loss + " at " + it);
                        previous = loss;
                    }
                    assertTrue(previous < 0.5 * first, solver + ": loss fell only from " + first + " to " + previous);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    @Test
    void cgReachesAboutTheExactSolversLoss() {
        TrainingData data = ContractFixture.training(SEED);
        double[] losses = new double[2];
        for (Ials.Solver solver : Ials.Solver.values()) {
            IalsTrainer t = new IalsTrainer(small().withSolver(solver), data.train(), new FitContext(SEED, 1, null));
            ExecutorService pool = t.pool();
            try {
                for (int it = 0; it < 10; it++) {
                    t.iterate(pool);
                }
            } finally {
                pool.shutdownNow();
            }
            losses[solver.ordinal()] = t.loss();
        }
        assertEquals(losses[Ials.Solver.CHOLESKY.ordinal()], losses[Ials.Solver.CG.ordinal()],
                0.02 * losses[Ials.Solver.CHOLESKY.ordinal()]);
    }

    @Test
    void foldingInATrainingUsersHistoryReproducesTheirVector() {
        TrainingData data = ContractFixture.training(SEED);
        for (boolean scale : new boolean[] {false, true}) {
            Ials p = small().withSolver(Ials.Solver.CHOLESKY).withScaleLambda(scale)
                    .withConfidence(Ials.Confidence.LOG, 0.5, true);
            IalsTrainer t = new IalsTrainer(p, data.train(), new FitContext(SEED, 2, null));
            IalsModel model;
            ExecutorService pool = t.pool();
            try {
                for (int it = 0; it < 5; it++) {
                    t.iterate(pool);
                }
                // The last half-step updated the items; one exact user solve makes X optimal for Y.
                t.solveUsers(pool);
                model = t.model(pool);
            } finally {
                pool.shutdownNow();
            }
            for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
                float[] trained = model.userVector(u);
                float[] folded = model.foldIn(data.train().history(u));
                assertArrayEquals(trained, folded, 1e-4f, "user " + u + " scale=" + scale);
                // And the scores of an anonymous query with that history match the trained user's.
                float[] known = new float[model.numItems()];
                float[] anon = new float[model.numItems()];
                model.score(new UserQuery(u, data.train().history(u), null), known);
                model.score(UserQuery.anonymous(data.train().history(u)), anon);
                assertArrayEquals(known, anon, 1e-4f);
            }
        }
    }

    @Test
    void foldInCountsARepeatedItemOnceAndSkipsUnknownItems() {
        IalsModel model = small().fit(ContractFixture.training(SEED), FitContext.seeded(SEED));
        float[] once = model.foldIn(History.ofItems(1, 2));
        float[] twice = model.foldIn(History.ofItems(1, 2, 1, 999, -3));
        assertArrayEquals(once, twice, 0f);
        assertArrayEquals(new float[8], model.foldIn(History.empty()), 0f);
    }

    @Test
    void sameModelForAnyNumberOfThreads() {
        TrainingData data = ContractFixture.training(SEED);
        IalsModel one = small().fit(data, new FitContext(SEED, 1, null));
        IalsModel three = small().fit(data, new FitContext(SEED, 3, null));
        for (int u = 0; u < ContractFixture.NUM_USERS; u++) {
            assertArrayEquals(one.userVector(u), three.userVector(u), 0f);
        }
        for (int i = 0; i < ContractFixture.NUM_ITEMS; i++) {
            assertArrayEquals(one.itemVector(i), three.itemVector(i), 0f);
        }
    }

    @Test
    void usersAndItemsWithoutEventsGetZeroVectors() {
        Interactions.Builder b = Interactions.builder().setDimensions(3, 4);
        b.add(0, 0, 1, 1);
        b.add(0, 1, 1, 2);
        b.add(2, 1, 1, 3);
        IalsModel m = small().fit(TrainingData.of(b.build()), FitContext.seeded(SEED));
        assertArrayEquals(new float[8], m.userVector(1), 0f);
        assertArrayEquals(new float[8], m.itemVector(3), 0f);
        float[] s = new float[4];
        m.score(new UserQuery(1, History.empty(), null), s);
        assertArrayEquals(new float[4], s, 0f);
    }

    @Test
    void scoresAreInnerProductsOfTheVectorModelVectors() {
        Interactions.Builder b = Interactions.builder().setDimensions(3, 4);
        b.add(0, 0, 1, 1);
        b.add(0, 1, 1, 2);
        b.add(2, 1, 1, 3);
        b.add(2, 2, 1, 4);
        IalsModel m = small().fit(TrainingData.of(b.build()), FitContext.seeded(SEED));
        // A trained user and an unknown user with a history (fold-in).
        for (UserQuery q : new UserQuery[] {new UserQuery(0, History.ofItems(0, 1), null), UserQuery.anonymous(History.ofItems(2))}) {
            float[] s = new float[4];
            m.score(q, s);
            float[] u = m.userVector(q);
            assertEquals(m.dim(), u.length);
            for (int i = 0; i < 4; i++) {
                float dot = 0;
                float[] v = m.itemVector(i);
                for (int d = 0; d < m.dim(); d++) {
                    dot += u[d] * v[d];
                }
                assertEquals(s[i], dot, 1e-5f);
            }
        }
    }

    @Test
    void confidenceFunctions() {
        Ials linear = new Ials().with(8, 2, 1, 1).withConfidence(Ials.Confidence.LINEAR, 1, true);
        assertEquals(1 + 2 * 3, linear.confidenceOf(3), 1e-6);
        Ials log = linear.withConfidence(Ials.Confidence.LOG, 0.5, true);
        assertEquals(1 + 2 * Math.log(1 + 3 / 0.5), log.confidenceOf(3), 1e-5);
        // Without use_values every event counts r = 1.
        assertEquals(3, linear.withConfidence(Ials.Confidence.LINEAR, 1, false).confidenceOf(5), 1e-6);
    }

    @Test
    void parametersParseAndValidate() {
        Ials p = Ials.fromParams(Map.ofEntries(Map.entry("factors", "32"), Map.entry("alpha", "4"),
                Map.entry("lambda", "0.5"), Map.entry("iterations", "7"), Map.entry("confidence", "log"),
                Map.entry("epsilon", "2"), Map.entry("use_values", "true"), Map.entry("scale_lambda", "yes"),
                Map.entry("solver", "cholesky"), Map.entry("cg_steps", "4"), Map.entry("init_std", "0.1")));
        assertEquals(new Ials(32, 4, 0.5, 7, Ials.Confidence.LOG, 2, true, true, Ials.Solver.CHOLESKY, 4, 0.1), p);
        assertEquals("log", p.params().get("confidence"));
        assertEquals(new Ials(), Ials.fromParams(Map.of()));
        assertInstanceOf(Ials.class, AlgorithmRegistry.create("ials:factors=16,alpha=2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ials.fromParams(Map.of("lamda", "1")))
                .getMessage().contains("lamda"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ials.fromParams(Map.of("factors", "0")))
                .getMessage().contains("factors"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ials.fromParams(Map.of("solver", "lu")))
                .getMessage().contains("cg, cholesky"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Ials.fromParams(Map.of("alpha", "-1")))
                .getMessage().contains("alpha"));
    }
}
