package ai.affinity.compare;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.synthetic.SyntheticConfig;
import ai.affinity.data.synthetic.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTest {
    /** Events only, every timestamp 0, no content, no user features: what a bare CSV gives. */
    static Dataset bare(long seed) {
        int users = 60;
        int items = 40;
        Interactions.Builder b = Interactions.builder().setDimensions(users, items);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int u = 0; u < users; u++) {
            int group = u % 2;
            for (int j = 0; j < 12; j++) {
                // Two taste groups over two halves of the catalogue, so methods have something to learn.
                int item = group * 20 + rng.nextInt(20);
                b.add(u, item, 1f, 0L);
            }
        }
        Interactions x = b.build();
        return new Dataset("bare", IdMap.ofRange(users, "u"), IdMap.ofRange(items, "i"), x, new ItemCatalog(),
                new UserCatalog(), new LoadReport(), Map.of());
    }

    @Test
    void capabilitiesOfBareEvents() {
        DataCapabilities c = DataCapabilities.of(bare(1));
        assertFalse(c.timestamps());
        assertFalse(c.itemContent());
        assertFalse(c.userAttributes());
        assertTrue(c.modalities().isEmpty());
    }

    @Test
    void capabilitiesOfSynthetic() {
        DataCapabilities c = DataCapabilities.of(SyntheticGenerator.generate(SyntheticConfig.preset("tiny"), 3));
        assertTrue(c.timestamps());
        assertTrue(c.itemText());
        assertTrue(c.userAttributes());
    }

    @Test
    void sectionsTheDataCannotSupportAreSkippedWithReasons() {
        Dataset d = bare(7);
        CompareOptions o = CompareOptions.defaults(1, 1, 42, 1)
                .withMethods(List.of("pop", "itemknn", "segpop", "tfidf"), List.of("multvae"));
        List<String> log = new ArrayList<>();
        CompareResult r = Compare.run(d, o, Map.of("command", "test"), log::add, null);
        assertEquals(6, r.sections().size());
        Map<Section, SectionResult> by = new java.util.EnumMap<>(Section.class);
        r.sections().forEach(s -> by.put(s.section(), s));

        SectionResult warm = by.get(Section.WARM);
        assertEquals(SectionResult.RAN, warm.status());
        assertNotNull(warm.bestTraditional());
        // multvae is not registered in core alone: no deep side, said so.
        assertNull(warm.bestDeep());
        assertTrue(warm.verdict().startsWith("no verdict: no deep method"), warm.verdict());
        assertTrue(warm.notes().stream().anyMatch(n -> n.contains("not registered") && n.contains("multvae")),
                warm.notes().toString());
        assertTrue(warm.notes().stream().anyMatch(n -> n.startsWith("segpop left out")), warm.notes().toString());

        assertEquals(SectionResult.SKIPPED, by.get(Section.SEQUENTIAL).status());
        assertTrue(by.get(Section.SEQUENTIAL).reason().startsWith("no timestamps"));
        assertEquals(SectionResult.SKIPPED, by.get(Section.DRIFT).status());
        assertTrue(by.get(Section.DRIFT).reason().startsWith("no timestamps"));
        assertEquals(SectionResult.SKIPPED, by.get(Section.COLD_ITEMS).status());
        assertTrue(by.get(Section.COLD_ITEMS).reason().startsWith("no item content"));
        assertEquals(SectionResult.SKIPPED, by.get(Section.ABLATION).status());
        assertTrue(by.get(Section.ABLATION).reason().contains("('hybrid') is not registered"));

        SectionResult cold = by.get(Section.COLD_USERS);
        assertEquals(SectionResult.RAN, cold.status());
        assertTrue(cold.notes().stream().anyMatch(n -> n.startsWith("no user attributes")), cold.notes().toString());
        assertTrue(cold.evaluation().models().stream().noneMatch(m -> m.name().equals("segpop")));
    }

    @Test
    void bothSidesGiveVerdictsPerMetricAndTheAblationIsDataDriven() {
        Dataset d = SyntheticGenerator.generate(SyntheticConfig.preset("tiny"), 5);
        // Stand-ins registered in core: tfidf as the "deep" side, and as the "hybrid" of the ablation, so
        // the comparison and ablation code paths run without DJL.
        CompareOptions o = new CompareOptions(2, 2, 42, List.of(Section.WARM, Section.COLD_ITEMS, Section.DRIFT,
                Section.ABLATION), new int[] {5, 10}, List.of("pop", "itemknn"), List.of("tfidf"), false, 10, 1, 2,
                0.05, "tfidf");
        CompareResult r = Compare.run(d, o, Map.of(), null, null);
        SectionResult warm = r.sections().get(0);
        assertEquals(SectionResult.RAN, warm.status());
        assertEquals("tfidf", warm.bestDeep());
        assertEquals(4, warm.verdicts().size());
        assertEquals("ndcg@10", warm.verdicts().get(3).metric());
        assertEquals(warm.verdicts().get(3).sentence(), warm.verdict());
        assertEquals(2, warm.repeatMeans().get("pop").length);
        assertEquals(3, warm.tuning().size());

        SectionResult coldItems = r.sections().get(1);
        assertEquals(SectionResult.RAN, coldItems.status());
        assertTrue(coldItems.notes().stream().anyMatch(n -> n.startsWith("pop left out")), coldItems.notes().toString());

        SectionResult drift = r.sections().get(2);
        assertEquals(SectionResult.RAN, drift.status(), drift.reason());
        assertEquals(2, drift.windows().size());
        assertTrue(drift.windows().get(0).end() <= drift.windows().get(1).start());

        SectionResult ablation = r.sections().get(3);
        assertEquals(SectionResult.RAN, ablation.status(), ablation.reason());
        List<String> removed = ablation.ablations().stream().map(SectionResult.Ablation::modality).toList();
        assertEquals(DataCapabilities.of(d).modalities(), removed);
        assertTrue(ablation.verdict().startsWith("text: "), ablation.verdict());
    }

    @Test
    void testFitsTrainTheEpochEarlyStoppingKeptOnValidation() {
        ai.affinity.tune.Trial stopped = new ai.affinity.tune.Trial(0, "defaults", Map.of("epochs", "120", "lr", "0.001"),
                "multvae:epochs=120,lr=0.001", Map.of("epochs", 120, "lr", 0.001, "best_epoch", 17), null, Map.of(), 1, 1,
                null);
        List<String> notes = new ArrayList<>();
        Map<String, String> config = Compare.withBestEpoch("multvae", stopped, notes);
        assertEquals(Map.of("epochs", "17", "lr", "0.001"), config);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("epoch 17 of 120"), notes.get(0));
        // Models without early stopping keep their configuration as selected.
        ai.affinity.tune.Trial plain = new ai.affinity.tune.Trial(0, "defaults", Map.of("lambda", "400"), "ease:lambda=400",
                Map.of("lambda", 400.0), null, Map.of(), 1, 1, null);
        assertEquals(Map.of("lambda", "400"), Compare.withBestEpoch("ease", plain, notes));
        assertEquals(1, notes.size());
    }
}
