package ai.affinity.deep.vae;

import ai.affinity.data.History;
import ai.affinity.deep.DeepModels;
import ai.affinity.deep.train.TrainingResult;
import ai.affinity.deep.train.ValidationSet;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.ContractFixture;
import ai.affinity.model.FitContext;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.baseline.Popularity;
import ai.affinity.model.io.ModelStore;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import ai.affinity.util.Progress;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultVaeTest {
    /**
     * On the block-diagonal fixture with one held-out event per user as validation: the training
     * loss falls, and the kept (best) epoch's validation NDCG@10 is well above most-popular's,
     * which cannot tell the blocks apart. (On synthetic:tiny, 300 users, a small Mult-VAE peaks at
     * about most-popular's 0.25 and then overfits; the ml-100k golden test covers real data.)
     */
    @Test
    void lossFallsAndValidationBeatsPopularity() {
        Split split = RandomHoldout.split(ContractFixture.training(42).train(), 0.25, 42);
        TrainingData data = new TrainingData(split.train(), null, null, split.test());
        MultVae vae = new MultVae(32, 8, 40, 16, 1e-2, 0.5, 0.2, 50, 0, 10);
        MultVae.Fit fit = vae.fitWithResult(data, new FitContext(42, 2, Progress.silent()));
        TrainingResult r = fit.training();
        assertTrue(r.lastLoss() < 0.9 * r.firstLoss(), "loss " + r.firstLoss() + " -> " + r.lastLoss());
        double pop = ValidationSet.of(data, 1, 42).ndcg10(new Popularity().fit(data, FitContext.seeded(42)));
        double vaeNdcg = ValidationSet.of(data, 1, 42).ndcg10(fit.model());
        assertEquals(r.bestNdcg(), vaeNdcg, 1e-12, "the returned model is the best epoch's");
        assertTrue(vaeNdcg > 0.5 && vaeNdcg > 1.5 * pop, "multvae validation ndcg@10 " + vaeNdcg + " vs most-popular " + pop);
    }

    /**
     * Same seed, same model, whenever the garbage collector runs between a forward and a backward pass
     * (the KL term's and the reparameterisation's constant factors were DJL number operands whose Java
     * buffers the backward pass read; see {@code ai.affinity.deep.train.Scalars}).
     */
    @Test
    void sameSeedGivesTheSameModelWhenTheCollectorRunsMidStep() {
        TrainingData data = ContractFixture.training(3);
        MultVae cfg = new MultVae(16, 4, 5, 16, 1e-2, 0.5, 0.2, 10, 0, 0);
        MultVaeModel a = cfg.fit(data, FitContext.seeded(3));
        MultVaeModel b = ai.affinity.deep.train.GcStress.during(() -> cfg.fit(data, FitContext.seeded(3)));
        float[] sa = new float[a.numItems()];
        float[] sb = new float[b.numItems()];
        a.score(UserQuery.anonymous(History.ofItems(1, 4, 5)), sa);
        b.score(UserQuery.anonymous(History.ofItems(1, 4, 5)), sb);
        assertArrayEquals(sa, sb);
    }

    /** The pure-Java scores equal the DJL network's logits at the posterior mean. */
    @Test
    void javaScoringMatchesTheNetwork() throws Exception {
        TrainingData data = ContractFixture.training(3);
        MultVaeModel model = new MultVae(16, 4, 5, 16, 1e-2, 0.5, 0.2, 10, 0, 0).fit(data, FitContext.seeded(3));
        int n = model.numItems();
        History h = History.ofItems(1, 4, 4, 5);
        float[] java = new float[n];
        model.score(UserQuery.anonymous(h), java);
        float[] x = new float[n];
        float v = (float) (1 / Math.sqrt(3));
        x[1] = v;
        x[4] = v;
        x[5] = v;
        float[][] w = flatWeights(model);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] a = new NDArray[8];
            long[][] shapes = {{n, 16}, {16}, {16, 4}, {4}, {4, 16}, {16}, {16, n}, {n}};
            for (int i = 0; i < 8; i++) {
                a[i] = m.create(w[i], new Shape(shapes[i]));
            }
            float[] djl = MultVaeNetwork.meanLogits(m.create(x, new Shape(1, n)), a, 4).toFloatArray();
            assertArrayEquals(djl, java, 1e-4f);
        }
    }

    /** The model's arrays as the network's row-major ones (encoder mean half only). */
    private static float[][] flatWeights(MultVaeModel model) throws Exception {
        String[] names = {"w1", "b1", "w2", "b2", "w3", "b3", "w4", "b4"};
        float[][] out = new float[8][];
        for (int i = 0; i < 8; i++) {
            Field f = MultVaeModel.class.getDeclaredField(names[i]);
            f.setAccessible(true);
            Object o = f.get(model);
            if (o instanceof float[] vec) {
                out[i] = vec;
            } else {
                float[][] rows = (float[][]) o;
                out[i] = new float[rows.length * rows[0].length];
                for (int r = 0; r < rows.length; r++) {
                    System.arraycopy(rows[r], 0, out[i], r * rows[0].length, rows[0].length);
                }
            }
        }
        return out;
    }

    /**
     * An ensemble's scores are the mean of its members' logits, each member the plain fit with
     * {@link FitContext#member}'s seed; it saves and loads (payload version 2) to the same scores.
     */
    @Test
    void ensembleAveragesItsMembersAndSavesAndLoads() throws Exception {
        DeepModels.register();
        TrainingData data = ContractFixture.training(3);
        MultVae single = MultVae.fromParams(Map.of("hidden", "16", "latent", "4", "epochs", "5", "batch", "16", "lr", "0.01"));
        MultVae three = MultVae.fromParams(Map.of("hidden", "16", "latent", "4", "epochs", "5", "batch", "16", "lr", "0.01",
                "ensemble", "3"));
        FitContext ctx = new FitContext(3, 1, null);
        MultVaeModel ensemble = three.fit(data, ctx);
        assertEquals(3, ensemble.networks());
        UserQuery q = UserQuery.anonymous(History.ofItems(1, 4, 5));
        int n = ensemble.numItems();
        float[] expected = new float[n];
        for (int k = 0; k < 3; k++) {
            float[] s = new float[n];
            single.fit(data, ctx.member(k)).score(q, s);
            for (int i = 0; i < n; i++) {
                expected[i] += s[i] / 3;
            }
        }
        float[] got = new float[n];
        ensemble.score(q, got);
        assertArrayEquals(expected, got, 1e-5f);
        float[] first = new float[n];
        single.fit(data, ctx).score(q, first);
        assertTrue(!java.util.Arrays.equals(first, got), "the members differ, so the mean is not the first member");
        float[] loaded = new float[n];
        ModelStore.fromBytes(ModelStore.toBytes(ensemble)).score(q, loaded);
        assertArrayEquals(got, loaded);
        assertEquals(3, ((MultVaeModel) ModelStore.fromBytes(ModelStore.toBytes(ensemble))).networks());
        assertEquals(1, ((MultVaeModel) ModelStore.fromBytes(ModelStore.toBytes(single.fit(data, ctx)))).networks());
    }

    @Test
    void parametersParseAndBadOnesAreNamed() {
        MultVae v = MultVae.fromParams(Map.of("hidden", "64", "anneal_cap", "0.5", "keep", "1"));
        assertEquals(64, v.hidden());
        assertEquals(0.5, v.annealCap());
        assertEquals(MultVae.DEFAULT_LATENT, v.latent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultVae.fromParams(Map.of("keep", "0")));
        assertEquals("model 'multvae' parameter 'keep' must be in (0, 1]; got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultVae.fromParams(Map.of("latnt", "8")));
        assertEquals("model 'multvae' has no parameter 'latnt'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultVae.fromParams(Map.of("ensemble", "0")));
        assertEquals("model 'multvae' parameter 'ensemble' must be in [1, 16]; got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultVae.fromParams(Map.of("kl_scale", "users")));
        assertTrue(e.getMessage().contains("kl_scale"), e.getMessage());
        assertEquals("items", MultVae.fromParams(Map.of()).klScale());
    }

    @Test
    void betaAnnealsLinearlyToTheCap() {
        MultVae.Batches b = new MultVae.Batches(ContractFixture.training(1).train(), weightsFor(), 0.5f, 0.2f, 100, 2,
                false, false);
        assertEquals(0f, b.beta(0));
        assertEquals(0.1f, b.beta(10), 1e-7);
        assertEquals(0.2f, b.beta(20), 1e-7);
        assertEquals(0.2f, b.beta(1000), 1e-7);
    }

    /** Mult-DAE: no KL term at any step, and it learns the fixture's blocks like the VAE. */
    @Test
    void daeVariantHasNoKlAndLearns() {
        MultVae.Batches b = new MultVae.Batches(ContractFixture.training(1).train(), weightsFor(), 0.5f, 0.2f, 100, 2,
                true, false);
        assertEquals(0f, b.beta(0));
        assertEquals(0f, b.beta(1000));
        MultVae dae = MultVae.fromParams(Map.of("variant", "dae", "hidden", "32", "latent", "8", "epochs", "40",
                "batch", "16", "lr", "0.01", "patience", "10"));
        assertEquals("dae", dae.params().get("variant"));
        Split split = RandomHoldout.split(ContractFixture.training(42).train(), 0.25, 42);
        TrainingData data = new TrainingData(split.train(), null, null, split.test());
        MultVae.Fit fit = dae.fitWithResult(data, new FitContext(42, 1, Progress.silent()));
        double pop = ValidationSet.of(data, 1, 42).ndcg10(new Popularity().fit(data, FitContext.seeded(42)));
        double ndcg = ValidationSet.of(data, 1, 42).ndcg10(fit.model());
        assertTrue(ndcg > 0.5 && ndcg > 1.5 * pop, "multvae dae validation ndcg@10 " + ndcg + " vs most-popular " + pop);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultVae.fromParams(Map.of("variant", "gan")));
        assertTrue(e.getMessage().contains("variant"), e.getMessage());
    }

    /**
     * The first layer computed sparsely (Java sums of the kept items' rows of {@code w1}) gives the
     * loss and the {@code w1} gradient of the dense product {@code x · w1} in PyTorch, on a batch of
     * every fixture user (keep 1 and the DAE variant, so nothing random is drawn).
     */
    @Test
    void sparseFirstLayerMatchesTheDenseProduct() {
        ai.affinity.data.Interactions train = ContractFixture.training(1).train();
        ai.affinity.deep.train.Weights weights = weightsFor();
        MultVae.Batches batches = new MultVae.Batches(train, weights, 1f, 0.2f, 100, 2, true, false);
        ai.affinity.deep.train.SparseEmbedding w1 = weights.sparseTables().get(0);
        int users = batches.numExamples();
        int n = train.numItems();
        NDManager m = weights.manager();
        float sparseLoss;
        try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray loss = batches.loss(m, 0, users, 0, new java.util.SplittableRandom(5));
            sparseLoss = loss.getFloat();
            gc.backward(loss);
        }
        float[] sparseGrad = w1.pendingGradient();
        w1.discardPending();

        float[] x = new float[users * n];
        float[] target = new float[users * n];
        for (int r = 0, u = 0; u < train.numUsers(); u++) {
            if (train.userCount(u) == 0) {
                continue;
            }
            for (int p = train.start(u); p < train.end(u); p++) {
                x[r * n + train.item(p)] = (float) (1 / Math.sqrt(train.userCount(u)));
                target[r * n + train.item(p)] = 1f;
            }
            r++;
        }
        NDArray[] w = new NDArray[MultVae.Network.NAMES.length];
        w[0] = m.create(w1.table().clone(), new Shape(n, 3));
        w[0].setRequiresGradient(true);
        for (int i = 1; i < w.length; i++) {
            w[i] = weights.get(MultVae.Network.NAMES[i]);
        }
        float denseLoss;
        try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
            NDArray loss = MultVaeNetwork.loss(m.create(x, new Shape(users, n)), m.create(target, new Shape(users, n)),
                    m.zeros(new Shape(users, 2)), w, 0f, null);
            denseLoss = loss.getFloat();
            gc.backward(loss);
        }
        assertEquals(denseLoss, sparseLoss, 1e-5f * Math.abs(denseLoss));
        float[] denseGrad = w[0].getGradient().toFloatArray();
        assertArrayEquals(denseGrad, sparseGrad, 1e-6f);
        double norm = 0;
        for (float g : denseGrad) {
            norm += g * g;
        }
        assertTrue(norm > 1e-6, "the first layer gets a gradient: " + norm);
    }

    private static ai.affinity.deep.train.Weights weightsFor() {
        NDManager m = NDManager.newBaseManager();
        ai.affinity.deep.train.Weights w = new ai.affinity.deep.train.Weights(m);
        new MultVae.Network(ContractFixture.NUM_ITEMS, 3, 2).initialise(w, new java.util.SplittableRandom(1), 0f);
        return w;
    }

    @Test
    void registersInBothRegistries() throws Exception {
        DeepModels.register();
        DeepModels.register();
        assertTrue(AlgorithmRegistry.names().contains("multvae"));
        assertTrue(ModelStore.kinds().contains("multvae"));
        MultVae v = (MultVae) AlgorithmRegistry.create("multvae:hidden=8,latent=2,epochs=2");
        assertEquals(8, v.hidden());
        assertTrue(AlgorithmRegistry.describe("multvae").contains("anneal_cap"));
    }
}
