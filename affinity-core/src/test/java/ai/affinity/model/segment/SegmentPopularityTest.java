package ai.affinity.model.segment;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.UserFeatures;
import ai.affinity.model.AlgorithmRegistry;
import ai.affinity.model.FitContext;
import ai.affinity.model.Model;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import ai.affinity.model.io.ModelStore;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segment counting and smoothing by hand on a tiny fixture.
 *
 * <pre>
 * users: 0 F, 1 F, 2 M, 3 (no features), 4 F (no training events)
 * events: u0 {i0, i1}; u1 {i0}; u2 {i1, i2}; u3 {i1, i2}
 * segment F (users 0, 1): c = (2, 1, 0), C = 3;  segment M (user 2): c = (0, 1, 1), C = 2
 * global: c = (2, 3, 2), C = 7, p = (2/7, 3/7, 2/7)
 * shrink 7: F = ((2+2)/10, (1+3)/10, (0+2)/10) = (0.4, 0.4, 0.2); M = (2/9, 4/9, 3/9)
 * genres: i0 {a}, i1 {a, b}, i2 {b}: C_a = 2+3 = 5, C_b = 3+2 = 5
 * shrink 0: q_a = (2/5, 3/5, 0), q_b = (0, 3/5, 2/5)
 * history {i0, i1}: share a = (1 + 1/2) / 2 = 0.75, b = 0.25; score = 0.75 q_a + 0.25 q_b = (0.3, 0.6, 0.1)
 * </pre>
 */
class SegmentPopularityTest {
    private static final float EPS = 1e-6f;

    static TrainingData data() {
        Interactions.Builder b = Interactions.builder().setDimensions(5, 3);
        b.add(0, 0, 1, 1);
        b.add(0, 1, 1, 2);
        b.add(1, 0, 1, 1);
        b.add(2, 1, 1, 1);
        b.add(2, 2, 1, 2);
        b.add(3, 1, 1, 1);
        b.add(3, 2, 1, 2);
        UserCatalog users = new UserCatalog();
        users.set(0, female(31));
        users.set(1, female(24));
        users.set(2, new UserFeatures(Map.of("gender", "M"), Map.of("age", 45.0)));
        users.set(4, female(60));
        ItemCatalog items = new ItemCatalog();
        items.set(0, genres("a"));
        items.set(1, genres("a", "b"));
        items.set(2, genres("b"));
        return new TrainingData(b.build(), items, users, null);
    }

    private static UserFeatures female(double age) {
        return new UserFeatures(Map.of("gender", "F"), Map.of("age", age));
    }

    private static ItemContent genres(String... g) {
        return new ItemContent("", "", Map.of("genre", List.of(g)), Map.of(), null, null, ItemContent.UNKNOWN_TIME);
    }

    private static float[] score(Model m, UserQuery q) {
        float[] s = new float[m.numItems()];
        m.score(q, s);
        return s;
    }

    private static SegmentPopularity.SegmentModel fit(String by, double shrink) {
        return SegmentPopularity.fromParams(Map.of("by", by, "shrink", Double.toString(shrink)))
                .fit(data(), FitContext.seeded(1));
    }

    @Test
    void segmentKeys() {
        UserSegments s = new UserSegments(List.of("gender", "age"), 10);
        assertEquals("gender=F|age=[20,30)", s.key(female(24)));
        assertEquals("gender=F|age=[30,40)", s.key(female(30)));
        assertEquals("gender=?|age=[40,50)", s.key(new UserFeatures(Map.of(), Map.of("age", 45.0))));
        assertNull(s.key(UserFeatures.none()));
        // age_band: a categorical band wins; else the numeric age is banded.
        UserSegments band = new UserSegments(List.of("age_band"), 5);
        assertEquals("age_band=[20,25)", band.key(female(24)));
        assertEquals("age_band=young", band.key(new UserFeatures(Map.of("age_band", "young"), Map.of("age", 24.0))));
        assertEquals("[22.5,25)", UserSegments.band(24, 2.5));
        assertEquals("[-10,0)", UserSegments.band(-1, 10));
    }

    @Test
    void countsComeFromTrainingUsersOnly() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] seg = SegmentPopularity.assignSegments(data().train(), data().users(),
                new UserSegments(List.of("gender"), 10), ids);
        // user 3 has no features, user 4 has no training events
        assertArrayEquals(new int[] {0, 0, 1, -1, -1}, seg);
        assertEquals(List.of("gender=F", "gender=M"), List.copyOf(ids.keySet()));
        double[] c = SegmentPopularity.countBySegment(data().train(), seg, 2);
        // rows F, M; then the totals C_F, C_M
        assertArrayEquals(new double[] {2, 1, 0, 0, 1, 1, 3, 2}, c, 0);
    }

    @Test
    void smoothingPullsSegmentsTowardGlobalPopularity() {
        SegmentPopularity.SegmentModel m = fit("user:gender", 7);
        assertEquals(2, m.numSegments());
        UserQuery f = new UserQuery(-1, History.empty(), female(50));
        assertArrayEquals(new float[] {0.4f, 0.4f, 0.2f}, score(m, f), EPS);
        UserQuery male = new UserQuery(-1, History.empty(), new UserFeatures(Map.of("gender", "M"), Map.of()));
        assertArrayEquals(new float[] {2 / 9f, 4 / 9f, 3 / 9f}, score(m, male), EPS);
        // no smoothing: the segment's own shares
        assertArrayEquals(new float[] {2 / 3f, 1 / 3f, 0f}, score(fit("user:gender", 0), f), EPS);
        // huge shrink: global popularity
        assertArrayEquals(new float[] {2 / 7f, 3 / 7f, 2 / 7f}, score(fit("user:gender", 1e9), f), 1e-5f);
    }

    @Test
    void combinedAttributesMakeFinerSegments() {
        SegmentPopularity.SegmentModel m = fit("user:gender+age", 0);
        assertEquals(3, m.numSegments()); // F|[30,40), F|[20,30), M|[40,50)
        assertEquals("gender=F|age=[30,40)", m.segmentKey(0));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, score(m, new UserQuery(-1, History.empty(), female(35))), EPS);
        assertArrayEquals(new float[] {1f, 0f, 0f}, score(m, new UserQuery(-1, History.empty(), female(21))), EPS);
    }

    @Test
    void fallbackChain() {
        SegmentPopularity.SegmentModel m = fit("user:gender", 0);
        float[] global = {2 / 7f, 3 / 7f, 2 / 7f};
        // A known user whose query has no features: the segment stored at training (user 2 is M).
        assertArrayEquals(new float[] {0f, 0.5f, 0.5f}, score(m, new UserQuery(2, History.empty(), UserFeatures.none())),
                EPS);
        // Unknown user, no features, a history: the history's genres (0.75 a + 0.25 b).
        UserQuery anon = UserQuery.anonymous(History.ofItems(0, 1));
        assertEquals(-1, m.segmentOf(anon));
        assertArrayEquals(new float[] {0.3f, 0.6f, 0.1f}, score(m, anon), EPS);
        // Features whose segment no training user had: also the history's genres.
        UserFeatures other = new UserFeatures(Map.of("gender", "X"), Map.of());
        assertArrayEquals(new float[] {0.3f, 0.6f, 0.1f}, score(m, new UserQuery(-1, History.ofItems(0, 1), other)), EPS);
        // Nothing at all: global popularity.
        assertArrayEquals(global, score(m, UserQuery.anonymous(History.empty())), EPS);
        assertArrayEquals(global, score(m, new UserQuery(-1, History.empty(), other)), EPS);
        // fallback=none skips the genre step.
        SegmentPopularity.SegmentModel noFallback = SegmentPopularity.fromParams(
                Map.of("by", "user:gender", "shrink", "0", "fallback", "none")).fit(data(), FitContext.seeded(1));
        assertArrayEquals(global, score(noFallback, anon), EPS);
    }

    @Test
    void itemCategoryMixtureByHistoryShare() {
        SegmentPopularity.SegmentModel m = fit("item:genre", 0);
        assertEquals(0, m.numSegments());
        assertArrayEquals(new double[] {0.75, 0.25}, m.categoryShares(History.ofItems(0, 1)), 1e-12);
        assertArrayEquals(new float[] {0.3f, 0.6f, 0.1f}, score(m, UserQuery.anonymous(History.ofItems(0, 1))), EPS);
        // Features play no part in item mode; an empty history gives global popularity.
        assertArrayEquals(new float[] {2 / 7f, 3 / 7f, 2 / 7f},
                score(m, new UserQuery(0, History.empty(), female(30))), EPS);
        // With shrink 5: q_a = ((2, 3, 0) + 5 p) / 10 where 5p = (10/7, 15/7, 10/7)
        SegmentPopularity.SegmentModel s5 = fit("item:genre", 5);
        float[] s = score(s5, UserQuery.anonymous(History.ofItems(0)));
        assertArrayEquals(new float[] {(2 + 10 / 7f) / 10, (3 + 15 / 7f) / 10, (10 / 7f) / 10}, s, EPS);
    }

    @Test
    void savedModelScoresIdentically() throws Exception {
        for (String by : List.of("user:gender+age", "item:genre")) {
            SegmentPopularity.SegmentModel m = fit(by, 3);
            Model loaded = ModelStore.fromBytes(ModelStore.toBytes(m));
            for (UserQuery q : List.of(new UserQuery(-1, History.empty(), female(35)),
                    UserQuery.anonymous(History.ofItems(2)), new UserQuery(1, History.empty(), UserFeatures.none()))) {
                assertArrayEquals(score(m, q), score(loaded, q), by);
            }
        }
    }

    @Test
    void parametersAreValidatedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentPopularity.fromParams(Map.of("by", "gender")));
        assertTrue(e.getMessage().contains("user:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SegmentPopularity.fromParams(Map.of("by", "user:")));
        assertThrows(IllegalArgumentException.class, () -> SegmentPopularity.fromParams(Map.of("by", "user:a++b")));
        assertThrows(IllegalArgumentException.class, () -> SegmentPopularity.fromParams(Map.of("by", "item:a+b")));
        assertThrows(IllegalArgumentException.class, () -> SegmentPopularity.fromParams(Map.of("shrink", "-1")));
        assertThrows(IllegalArgumentException.class, () -> SegmentPopularity.fromParams(Map.of("band", "0")));
        assertThrows(IllegalArgumentException.class, () -> SegmentPopularity.fromParams(Map.of("shrunk", "1")));
        SegmentPopularity s = SegmentPopularity.fromParams(Map.of("by", "user:gender+age_band", "band", "5"));
        assertEquals(s, SegmentPopularity.fromParams(s.paramStrings()));
    }

    @Test
    void registeredAndParsedFromTheCommandLine() {
        assertEquals(List.of("segpop:shrink=10,by=user:gender+age", "pop"),
                AlgorithmRegistry.splitSpecs("segpop:shrink=10,by=user:gender+age,pop"));
        SegmentPopularity s = (SegmentPopularity) AlgorithmRegistry.create("segpop:shrink=10,by=user:gender+age");
        assertEquals("user:gender+age", s.by());
        assertEquals(10.0, s.shrink());
        assertTrue(AlgorithmRegistry.searchSpace("segpop").gridSize() > 1);
    }
}
