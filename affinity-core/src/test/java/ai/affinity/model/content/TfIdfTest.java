package ai.affinity.model.content;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring of the TF-IDF model on the hand-computed corpus of {@link TfIdfVectorizerTest}. */
class TfIdfTest {
    private static final double EPS = 1e-5;
    private static final Map<String, String> TITLES_ONLY = Map.of("text_weight", "0", "attrs", "none",
            "sublinear", "false", "values", "ignore");

    /** Items 0..2 are the corpus; item 3 (the cold "fast wagon") has no events at all. */
    private static TrainingData data() {
        ItemCatalog c = TfIdfVectorizerTest.corpus();
        c.set(3, ItemContent.titled("fast wagon"));
        Interactions.Builder b = Interactions.builder().setDimensions(2, 4);
        b.add(0, 0, 5, 1);
        b.add(0, 1, 1, 2);
        b.add(1, 2, 4, 1);
        return new TrainingData(b.build(), c, null, null);
    }

    private static float[] score(Model m, History h) {
        float[] s = new float[m.numItems()];
        m.score(UserQuery.anonymous(h), s);
        return s;
    }

    private static TfIdf with(Map<String, String> extra) {
        Map<String, String> p = new java.util.HashMap<>(TITLES_ONLY);
        p.putAll(extra);
        return TfIdf.fromParams(p);
    }

    @Test
    void profileScoresAreCosinesWithTheSummedProfile() {
        // Four documents here (N = 4), so check against the definition on the model's own vectors.
        Model m = with(Map.of()).fit(data(), FitContext.seeded(1));
        TfIdf.TfIdfModel tm = (TfIdf.TfIdfModel) m;
        SparseRows x = tm.itemVectors();
        float[] s = score(m, History.ofItems(0, 1));
        double[] p = new double[tm.vectorizer().numTerms()];
        for (int item : new int[] {0, 1}) {
            for (int q = x.start(item); q < x.end(item); q++) {
                p[x.col(q)] += x.val(q);
            }
        }
        double norm = Math.sqrt(java.util.Arrays.stream(p).map(v -> v * v).sum());
        for (int i = 0; i < 4; i++) {
            assertEquals(x.dot(i, p) / norm, s[i], EPS, "item " + i);
        }
        assertEquals(0f, s[3], "the cold item shares no term with d0 or d1");
        assertTrue(score(m, History.ofItems(2))[3] > 0, "the cold item shares 'fast' with d2");
    }

    @Test
    void profileScoresOnTheThreeDocumentCorpus() {
        // Only the corpus: history {d0, d1}; p = d0 + d1; scores = cos(p, d_i) (hand-computed, see TfIdfVectorizerTest).
        Interactions.Builder b = Interactions.builder().setDimensions(1, 3);
        b.add(0, 0, 1, 1);
        TfIdf.TfIdfModel m = with(Map.of()).fit(new TrainingData(b.build(), TfIdfVectorizerTest.corpus(), null, null),
                FitContext.seeded(1));
        float[] s = score(m, History.ofItems(0, 1));
        assertEquals(0.844999, s[0], EPS);
        assertEquals(0.844999, s[1], EPS);
        assertEquals(0.349617, s[2], EPS);
        // values=raw: the rating-5 event on d0 dominates a rating-1 event on d1.
        TfIdf.TfIdfModel raw = with(Map.of("values", "raw")).fit(
                new TrainingData(b.build(), TfIdfVectorizerTest.corpus(), null, null), FitContext.seeded(1));
        float[] r = score(raw, History.of(new int[] {0, 1}, new long[] {1, 2}, new float[] {5, 1}));
        assertEquals(0.986421, r[0], EPS);
        assertEquals(0.570664, r[1], EPS);
        assertEquals(0.107374, r[2], EPS);
    }

    @Test
    void knnSumsTheHistoryItemsTopNeighbours() {
        Interactions.Builder b = Interactions.builder().setDimensions(1, 3);
        b.add(0, 0, 1, 1);
        TrainingData d = new TrainingData(b.build(), TfIdfVectorizerTest.corpus(), null, null);
        TfIdf.TfIdfModel k1 = with(Map.of("mode", "knn", "k", "1")).fit(d, FitContext.seeded(1));
        // neighbours with k=1: d0 -> d1 (0.428046), d1 -> d2 (0.590852), d2 -> d1 (0.590852)
        assertEquals(0.428046, k1.neighbours().get(0, 1), EPS);
        assertEquals(0.590852, k1.neighbours().get(1, 2), EPS);
        assertEquals(0f, k1.neighbours().get(1, 0));
        assertArrayEquals(new float[] {0f, 0.428046f, 0f}, score(k1, History.ofItems(0)), 1e-5f);
        TfIdf.TfIdfModel k2 = with(Map.of("mode", "knn", "k", "2")).fit(d, FitContext.seeded(1));
        // d2 has a single neighbour with similarity > 0 (d0 shares nothing with it).
        assertEquals(1, k2.neighbours().end(2) - k2.neighbours().start(2));
        assertArrayEquals(new float[] {0.428046f, 0f, 0.590852f}, score(k2, History.ofItems(1)), 1e-5f);
        // d0 and d2 each have d1 as their only neighbour: their similarities add up on d1.
        assertArrayEquals(new float[] {0f, 0.428046f + 0.590852f, 0f}, score(k2, History.ofItems(0, 2)), 1e-5f);
    }

    @Test
    void coldItemsAreScoredFromContentAlone() {
        TfIdf.TfIdfModel m = with(Map.of()).fit(data(), FitContext.seeded(1));
        // "fast wagon" (no events) shares "fast" with d2 = "fast car car".
        float[] s = score(m, History.ofItems(2));
        assertTrue(s[3] > 0);
        assertEquals(0f, score(m, History.ofItems(0))[3]);
    }

    @Test
    void emptyHistoryAndUnknownItemsScoreZero() {
        TfIdf.TfIdfModel m = with(Map.of()).fit(data(), FitContext.seeded(1));
        assertArrayEquals(new float[4], score(m, History.empty()));
        // An item index the model never saw (newer than training) is ignored.
        assertArrayEquals(new float[4], score(m, History.ofItems(17)));
        TfIdf.TfIdfModel knn = with(Map.of("mode", "knn")).fit(data(), FitContext.seeded(1));
        assertArrayEquals(new float[4], score(knn, History.empty()));
    }

    @Test
    void knownAndUnknownUsersScoreAlikeFromTheHistory() {
        TfIdf.TfIdfModel m = TfIdf.defaults().fit(data(), FitContext.seeded(1));
        History h = data().train().history(0);
        assertArrayEquals(score(m, h), scoreKnown(m, h));
    }

    private static float[] scoreKnown(Model m, History h) {
        float[] s = new float[m.numItems()];
        m.score(new UserQuery(0, h, UserFeatures.none()), s);
        return s;
    }

    @Test
    void eventWeights() {
        History h = History.of(new int[] {0, 1, 2}, new long[] {1, 2, 3}, new float[] {5, 3, 1});
        assertArrayEquals(new double[] {1, 1, 1}, TfIdf.eventWeights(h, "ignore", 0), 1e-12);
        assertArrayEquals(new double[] {5, 3, 1}, TfIdf.eventWeights(h, "raw", 0), 1e-12);
        assertArrayEquals(new double[] {2, 0, -2}, TfIdf.eventWeights(h, "centered", 0), 1e-12);
        // half-life of 1 event: the newest weighs 1, the one before 1/2, then 1/4.
        assertArrayEquals(new double[] {1.25, 1.5, 1}, TfIdf.eventWeights(h, "raw", 1), 1e-12);
        // Centring implicit data (all values equal) would zero every weight: every event weighs 1 instead.
        assertArrayEquals(new double[] {1, 1}, TfIdf.eventWeights(History.ofItems(4, 5), "centered", 0), 1e-12);
    }

    @Test
    void savedModelScoresIdenticallyAndEmbedsNewContent() throws Exception {
        for (String mode : List.of("profile", "knn")) {
            TfIdf t = TfIdf.fromParams(Map.of("mode", mode, "numeric", "year:10", "bigrams", "true", "k", "2"));
            TfIdf.TfIdfModel m = t.fit(data(), FitContext.seeded(1));
            TfIdf.TfIdfModel loaded = (TfIdf.TfIdfModel) ModelStore.fromBytes(ModelStore.toBytes(m));
            assertEquals(t, loaded.config());
            assertArrayEquals(score(m, History.ofItems(0, 2)), score(loaded, History.ofItems(0, 2)));
            ItemContent fresh = ItemContent.titled("Red car wagon");
            assertArrayEquals(m.embed(fresh).terms(), loaded.embed(fresh).terms());
            assertArrayEquals(m.embed(fresh).weights(), loaded.embed(fresh).weights());
        }
    }

    @Test
    void parametersRoundTripAndBadValuesAreClear() {
        TfIdf t = TfIdf.fromParams(Map.of("mode", "knn", "k", "7", "attrs", "genre+country", "numeric",
                "year:10+age:5", "half_life", "20", "values", "centered"));
        assertEquals(t, TfIdf.fromParams(t.paramStrings()));
        assertEquals(Map.of("year", 10.0, "age", 5.0), t.documentSpec().numericBins());
        assertEquals(List.of("genre", "country"), t.documentSpec().attributes());
        assertEquals(0.0, TfIdf.fromParams(Map.of("attrs", "none")).documentSpec().attributeWeight());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TfIdf.fromParams(Map.of("numeric", "year")));
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TfIdf.fromParams(Map.of("mode", "deep")));
        assertThrows(IllegalArgumentException.class, () -> TfIdf.fromParams(Map.of("k", "0")));
        assertThrows(IllegalArgumentException.class, () -> TfIdf.fromParams(Map.of("title_weight", "-1")));
        assertThrows(IllegalArgumentException.class, () -> TfIdf.fromParams(Map.of("min_df", "0")));
        assertThrows(IllegalArgumentException.class, () -> TfIdf.fromParams(Map.of("lamda", "1")));
    }

    @Test
    void registeredUnderItsCommandLineName() {
        assertEquals("tfidf", AlgorithmRegistry.create("tfidf:mode=knn,numeric=year:10").name());
        assertEquals(List.of("tfidf:mode=knn,numeric=year:10", "pop"),
                AlgorithmRegistry.splitSpecs("tfidf:mode=knn,numeric=year:10,pop"));
        assertTrue(AlgorithmRegistry.searchSpace("tfidf").gridSize() > 1);
    }
}
