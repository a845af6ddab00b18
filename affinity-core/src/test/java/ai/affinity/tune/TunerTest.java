package ai.affinity.tune;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import ai.affinity.eval.Comparison;
import ai.affinity.eval.Evaluator;
import ai.affinity.eval.ModelResult;
import ai.affinity.split.RandomHoldout;
import ai.affinity.split.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tuner on synthetic:tiny with a test algorithm whose best hyperparameter is planted. */
class TunerTest {
    private static Dataset data;
    private static Split split;

    @BeforeAll
    static void setUp() {
        data = SyntheticGenerator.generate(SyntheticConfig.preset("tiny").withMedia(false), 42);
        split = new RandomHoldout(0.2).split(data, 42);
        PlantedAlgorithm.register("planted");
    }

    private static Tuner.Options options(String model, int budget, Tuner.Search search, long seed) {
        return new Tuner.Options(model, budget, "ndcg@10", search, 0.25, 50,
                new Evaluator.Options(new int[] {5, 10}, 0, 2, seed, 100));
    }

    private static TuningResult tune(String model, int budget, Tuner.Search search, long seed) {
        return Tuner.tune(data, split, options(model, budget, search, seed), Map.of("command", "test"), null, null);
    }

    @Test
    void gridFindsThePlantedBestAndRecordsFailures() {
        List<String> heard = new ArrayList<>();
        TuningResult r = Tuner.tune(data, split, options("planted", 20, Tuner.Search.AUTO, 42), Map.of("command", "test"),
                new Tuner.Listener() {
                    @Override
                    public void trialDone(Trial trial, int total) {
                        heard.add(trial.spec() + "/" + total);
                    }
                }, null);
        assertEquals("grid", r.strategy());
        assertEquals(8, r.gridSize());
        // Defaults (knob 0) first, then the grid without its duplicate of the defaults.
        List<String> specs = r.trials().stream().map(Trial::spec).toList();
        assertEquals(List.of("planted", "planted:knob=1", "planted:knob=2", "planted:knob=3", "planted:knob=4",
                "planted:knob=5", "planted:knob=6", "planted:knob=7"), specs);
        assertEquals("defaults", r.trials().get(0).origin());
        assertEquals(0, r.trials().get(0).params().get("knob"));
        assertEquals(8, heard.size());
        assertEquals("planted/8", heard.get(0));

        assertEquals(Map.of("knob", "3"), r.best().config());
        assertEquals("planted:knob=3", r.bestSpec());
        // Equal noise amplitude, equal scores: knob 2 and 4 tie exactly.
        assertEquals(r.trials().get(2).value(), r.trials().get(4).value(), 0.0);
        assertTrue(r.best().value() > r.trials().get(2).value());

        Trial fitFailure = r.trials().get(6);
        assertTrue(fitFailure.failed());
        assertTrue(fitFailure.error().contains("IllegalStateException") && fitFailure.error().contains("knob 6 diverges"),
                fitFailure.error());
        assertNull(fitFailure.score());
        assertEquals(Map.of("knob", 6), fitFailure.params());
        Trial rejected = r.trials().get(7);
        assertTrue(rejected.failed());
        assertTrue(rejected.error().contains("'knob' must be in [0, 6]"), rejected.error());
        assertNull(rejected.params());
        for (int i = 0; i < 6; i++) {
            Trial t = r.trials().get(i);
            assertFalse(t.failed(), t.spec() + ": " + t.error());
            assertTrue(t.score().hasCi() && t.score().ciLow() <= t.value() && t.value() <= t.score().ciHigh());
            assertEquals(t.value(), t.metrics().get("ndcg@10"), 0.0);
        }

        // The final evaluation: tuned, defaults, baseline; tuned == popularity exactly.
        List<ModelResult> models = r.test().models();
        assertEquals(List.of("planted (tuned)", "planted (defaults)", "pop"), models.stream().map(ModelResult::name).toList());
        assertEquals(models.get(2).metrics().get("ndcg@10").mean(), models.get(0).metrics().get("ndcg@10").mean(), 1e-12);
        assertTrue(models.get(0).metrics().get("ndcg@10").mean() > models.get(1).metrics().get("ndcg@10").mean());
        assertEquals(Map.of("knob", 3), models.get(0).params());
        List<Comparison> cmp = r.test().comparisons();
        assertTrue(cmp.stream().anyMatch(c -> c.model().equals("planted (tuned)") && c.baseline().equals("pop")));
        assertTrue(cmp.stream().anyMatch(c -> c.model().equals("planted (tuned)")
                && c.baseline().equals("planted (defaults)") && c.metric().equals("ndcg@10") && c.pValue() < 0.05));
        String statement = (String) r.test().protocol().get("model_selection");
        assertTrue(statement.contains("validation carve-out of 25% of training events")
                && statement.contains("test never used for selection"), statement);
        assertTrue(String.valueOf(r.test().run().get("tuning")).contains("best planted:knob=3"));
        assertEquals("test", r.test().run().get("command"));
    }

    @Test
    void selectionNeverTouchesTestEvents() {
        List<Interactions> fitted = Collections.synchronizedList(new ArrayList<>());
        PlantedAlgorithm.register("planted-spy", fitted::add);
        TuningResult r = tune("planted-spy", 20, Tuner.Search.AUTO, 42);
        Split v = r.validation();
        // The carve-out lies inside the training part and never overlaps the test part.
        assertSubset(v.train(), split.train());
        assertSubset(v.test(), split.train());
        assertEquals(split.train().numEvents(), v.train().numEvents() + v.test().numEvents());
        assertDisjoint(v.test(), split.test());
        // Every trial fitted exactly on the validation train; the final fits on the full train.
        int trials = r.trials().size();
        int fitsOnValidation = trials - 1; // the rejected knob=7 never reaches fit
        assertEquals(fitsOnValidation + 2, fitted.size(), "trials, then tuned and defaults on the full train");
        for (int i = 0; i < fitsOnValidation; i++) {
            assertSame(v.train(), fitted.get(i));
        }
        for (int i = fitsOnValidation; i < fitted.size(); i++) {
            assertSame(split.train(), fitted.get(i));
        }
        // And the whole trace is the same when the test events change: test cannot influence selection.
        Interactions.Builder b = Interactions.builder().setDimensions(split.test().numUsers(), split.test().numItems());
        for (int u = 0; u < split.test().numUsers(); u += 2) {
            for (int p = split.test().start(u); p < split.test().end(u); p++) {
                b.add(u, split.test().item(p), split.test().value(p), split.test().timestamp(p));
            }
        }
        Split otherTest = Split.of(split.protocol(), split.params(), split.train(), b.build());
        TuningResult other = Tuner.tune(data, otherTest, options("planted-spy", 20, Tuner.Search.AUTO, 42), Map.of(),
                null, null);
        assertEquals(traceOf(r), traceOf(other));
        assertNotEquals(r.test().models().get(0).users().length, other.test().models().get(0).users().length);
    }

    @Test
    void sameSeedSameTraceAndRandomSearchIsSeeded() {
        TuningResult a = tune("planted", 5, Tuner.Search.AUTO, 7);
        TuningResult b = tune("planted", 5, Tuner.Search.AUTO, 7);
        assertEquals("random", a.strategy(), "grid of 8 does not fit 4 trials after the defaults");
        assertEquals(5, a.trials().size());
        assertEquals(traceOf(a), traceOf(b));
        assertEquals(a.bestSpec(), b.bestSpec());
        Set<Map<String, String>> configs = new HashSet<>();
        for (Trial t : a.trials()) {
            assertTrue(configs.add(t.config()), "duplicate configuration " + t.config());
            if (t.index() > 0) {
                assertEquals("random", t.origin());
                assertNotEquals("0", t.config().get("knob"), "the defaults are not tried twice");
            }
        }
        // Another seed draws other configurations (checked over a few seeds to avoid a coincidence).
        boolean differs = false;
        for (long seed = 8; seed < 12 && !differs; seed++) {
            differs = !configsOf(tune("planted", 5, Tuner.Search.AUTO, seed)).equals(configsOf(a));
        }
        assertTrue(differs);
    }

    @Test
    void smallSpacesStopAtTheirSizeAndForcedStrategies() {
        // Random search over 8 choices with a budget of 30: at most 8 distinct configurations.
        TuningResult r = tune("planted", 30, Tuner.Search.RANDOM, 42);
        assertEquals("random", r.strategy());
        assertEquals(8, r.trials().size());
        assertEquals("planted:knob=3", r.bestSpec());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tune("planted", 4, Tuner.Search.GRID, 42));
        assertTrue(e.getMessage().contains("8 configurations") && e.getMessage().contains("raise the budget to 9"),
                e.getMessage());

        TuningResult one = tune("planted", 1, Tuner.Search.AUTO, 42);
        assertEquals(1, one.trials().size());
        assertEquals("defaults only", one.strategy());
        assertEquals("planted:knob=0", one.bestSpec(), "the exact spec names every parameter");
    }

    @Test
    void parameterlessModelTriesItsDefaultsOnce() {
        TuningResult r = tune("pop", 20, Tuner.Search.AUTO, 42);
        assertEquals(1, r.trials().size());
        assertEquals("defaults only", r.strategy());
        assertEquals("pop", r.bestSpec());
        List<ModelResult> models = r.test().models();
        assertEquals(List.of("pop (tuned)", "pop (defaults)", "pop"), models.stream().map(ModelResult::name).toList());
        // One fit serves all three rows.
        assertEquals(models.get(0).fitSeconds(), models.get(2).fitSeconds(), 0.0);
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> Tuner.metricK("ndcg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tuner.metricK("auc@10"));
        assertTrue(e.getMessage().contains("ndcg@10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tuner.metricK("ndcg@0"));
        assertEquals(20, Tuner.metricK("recall@20"));
        assertThrows(IllegalArgumentException.class, () -> options("planted", 0, Tuner.Search.AUTO, 1));
        assertThrows(IllegalArgumentException.class, () -> new Tuner.Options("planted", 5, "ndcg@10",
                Tuner.Search.AUTO, 1.0, 0, Evaluator.Options.defaults(1)));
        assertEquals(Tuner.Search.GRID, Tuner.Search.parse("Grid"));
        assertThrows(IllegalArgumentException.class, () -> Tuner.Search.parse("bayes"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> tune("nosuchmodel", 5, Tuner.Search.AUTO, 1));
        assertTrue(unknown.getMessage().contains("unknown model"), unknown.getMessage());
    }

    @Test
    void planDeduplicatesByBuiltParameters() {
        List<Tuner.Candidate> plan = Tuner.plan("planted", PlantedAlgorithm.SPACE, 100, Tuner.Search.AUTO, 1);
        assertEquals(8, plan.size());
        assertEquals(Map.of(), plan.get(0).config());
        assertEquals("grid", plan.get(1).origin());
        assertEquals(plan, Tuner.plan("planted", PlantedAlgorithm.SPACE, 100, Tuner.Search.AUTO, 1));
    }

    private static List<String> traceOf(TuningResult r) {
        List<String> out = new ArrayList<>();
        for (Trial t : r.trials()) {
            out.add(t.index() + " " + t.origin() + " " + t.config() + " " + t.params() + " "
                    + (t.score() == null ? "failed " + t.error()
                    : t.score().mean() + " " + t.score().ciLow() + " " + t.score().ciHigh() + " " + t.metrics()));
        }
        out.add("best " + r.bestIndex() + " " + r.bestSpec());
        return out;
    }

    private static Set<Map<String, String>> configsOf(TuningResult r) {
        Set<Map<String, String>> s = new HashSet<>();
        r.trials().forEach(t -> s.add(t.config()));
        return s;
    }

    private static void assertSubset(Interactions part, Interactions whole) {
        for (int u = 0; u < part.numUsers(); u++) {
            for (int p = part.start(u); p < part.end(u); p++) {
                assertTrue(whole.contains(u, part.item(p)), "event (" + u + ", " + part.item(p) + ") not in training");
            }
        }
    }

    private static void assertDisjoint(Interactions a, Interactions b) {
        for (int u = 0; u < a.numUsers(); u++) {
            for (int p = a.start(u); p < a.end(u); p++) {
                assertFalse(b.contains(u, a.item(p)), "validation event (" + u + ", " + a.item(p) + ") is a test event");
            }
        }
    }
}
