package ai.affinity.data.synthetic;

import ai.affinity.data.Dataset;
import ai.affinity.data.load.DataSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticSpecTest {
    @Test
    void plainPresetAndSeed() {
        SyntheticSpec s = SyntheticSpec.parse("small");
        assertEquals(SyntheticConfig.preset("small"), s.config());
        assertEquals(SyntheticGenerator.DEFAULT_SEED, s.seed());
        SyntheticSpec t = SyntheticSpec.parse("small@7");
        assertEquals(SyntheticConfig.preset("small"), t.config());
        assertEquals(7, t.seed());
    }

    @Test
    void overridesScaleThePresetAndNameTheDataSet() {
        SyntheticSpec s = SyntheticSpec.parse("medium@3?media=OFF&items=100_000");
        SyntheticConfig c = s.config();
        SyntheticConfig medium = SyntheticConfig.preset("medium");
        assertEquals(3, s.seed());
        assertEquals(100_000, c.numItems());
        assertEquals(medium.numUsers(), c.numUsers());
        assertEquals(medium.targetEvents(), c.targetEvents());
        assertEquals(medium.numTopics(), c.numTopics());
        assertEquals(medium.popularitySkew(), c.popularitySkew());
        assertFalse(c.media());
        // Canonical: keys in KEYS order, normalised values.
        assertEquals("medium?items=100000&media=off", c.name());
        SyntheticConfig u = SyntheticSpec.parse("tiny?events=3000&users=100").config();
        assertEquals("tiny?users=100&events=3000", u.name());
        assertEquals(100, u.numUsers());
        assertEquals(3000, u.targetEvents());
    }

    @Test
    void dataSourcesLoadsAScaledCatalogue() throws Exception {
        Dataset d = DataSources.load("synthetic:tiny@5?items=400&events=4000&media=off", null);
        assertEquals("synthetic:tiny?items=400&events=4000&media=off", d.name());
        assertEquals(400, d.numItems());
        assertEquals(300, d.numUsers());
        int events = d.interactions().numEvents();
        assertTrue(Math.abs(events - 4000) < 200, "events " + events);
        assertEquals(null, d.items().get(0).image());
    }

    @Test
    void badValuesAreClearErrors() {
        assertMessage("medium?items=ten", "expected a positive integer for 'items'", "'ten'");
        assertMessage("medium?items=0", "expected a positive integer", "'items'");
        assertMessage("medium?items=-5", "expected a positive integer", "'-5'");
        assertMessage("medium?items=99999999999", "at most", "'items'");
        assertMessage("medium?colour=red", "unknown key 'colour'", "users, items, events, media");
        assertMessage("medium?items=5&items=6", "key 'items' given twice");
        assertMessage("medium?items", "expected KEY=VALUE", "'items'");
        assertMessage("medium?", "expected KEY=VALUE after '?'");
        assertMessage("medium?media=maybe", "expected media=on or media=off", "'maybe'");
        assertMessage("medium@x?items=5", "integer seed");
        assertMessage("medium?items=5@42", "the seed goes before '?'");
        assertMessage("huge?items=5", "unknown synthetic preset 'huge'");
        // Sizes the generator cannot honour name the spec and the constraint.
        assertMessage("tiny?items=10&events=6000", "synthetic spec 'tiny?items=10&events=6000'", "exceeds half");
    }

    private static void assertMessage(String spec, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.parse(spec));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
        }
    }
}
