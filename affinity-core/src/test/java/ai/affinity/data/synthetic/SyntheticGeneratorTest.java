package ai.affinity.data.synthetic;

import ai.affinity.data.Dataset;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserFeatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticGeneratorTest {
    private static final long SEED = 7;
    private static SyntheticGenerator.Result tiny;
    private static Dataset ds;
    private static Interactions x;

    @BeforeAll
    static void generate() {
        tiny = SyntheticGenerator.generateWithTruth(SyntheticConfig.preset("tiny"), SEED);
        ds = tiny.dataset();
        x = ds.interactions();
    }

    @Test
    void sameSeedGivesIdenticalDataAndAnotherSeedDoesNot() {
        Dataset again = SyntheticGenerator.generate(SyntheticConfig.preset("tiny"), SEED);
        DatasetAssertions.assertSameData(ds, again, 0f);
        assertEquals(ds.info(), again.info());
        Dataset other = SyntheticGenerator.generate(SyntheticConfig.preset("tiny"), SEED + 1);
        boolean differs = other.interactions().numEvents() != x.numEvents();
        for (int p = 0; p < x.numEvents() && !differs; p++) {
            differs = other.interactions().item(p) != x.item(p);
        }
        assertTrue(differs, "seed " + (SEED + 1) + " gave the same events as seed " + SEED);
    }

    @Test
    void nameInfoAndSizes() {
        assertEquals("synthetic:tiny", ds.name());
        assertEquals(Long.toString(SEED), ds.info().get("seed"));
        assertEquals("tiny", ds.info().get("preset"));
        assertEquals("0", ds.info().get("events_dropped"));
        assertEquals(300, ds.numUsers());
        assertEquals(200, ds.numItems());
        assertEquals(6_000, x.numEvents(), 300);
        assertEquals(x.numEvents(), ds.report().eventsKept());
        assertEquals(0, ds.report().duplicatesMerged(), "the generator never repeats a (user, item) pair");
        assertEquals(200, ds.items().size());
        assertEquals(300, ds.users().size());
    }

    @Test
    void usersHaveSortedTimestampsDistinctItemsAndHeavyTailedCounts() {
        SyntheticConfig cfg = tiny.config();
        long end = cfg.startEpochSecond() + cfg.spanSeconds();
        int[] counts = new int[ds.numUsers()];
        for (int u = 0; u < ds.numUsers(); u++) {
            counts[u] = x.userCount(u);
            assertTrue(counts[u] >= 5, "user " + u + " has " + counts[u] + " events");
            Set<Integer> seen = new HashSet<>();
            for (int p = x.start(u); p < x.end(u); p++) {
                assertTrue(seen.add(x.item(p)), "user " + u + " repeats item " + x.item(p));
                assertTrue(x.timestamp(p) >= cfg.startEpochSecond() && x.timestamp(p) < end, "timestamp in span");
                if (p > x.start(u)) {
                    assertTrue(x.timestamp(p) >= x.timestamp(p - 1), "sorted timestamps of user " + u);
                }
            }
        }
        Arrays.sort(counts);
        int median = counts[counts.length / 2];
        assertTrue(counts[counts.length - 1] >= 4 * median,
                "heavy tail: max " + counts[counts.length - 1] + " vs median " + median);
    }

    @Test
    void itemsArriveOverTimeAndEventsOnlyTouchArrivedItems() {
        long t0 = tiny.config().startEpochSecond();
        int atStart = 0;
        for (int i = 0; i < ds.numItems(); i++) {
            long fs = ds.items().get(i).firstSeen();
            if (fs == t0) {
                atStart++;
            }
            if (i > 0) {
                assertTrue(fs >= ds.items().get(i - 1).firstSeen(), "dense index follows arrival");
            }
        }
        assertEquals(120, atStart, "60% of 200 items exist at the start");
        assertTrue(ds.items().get(199).firstSeen() > t0 + tiny.config().spanSeconds() / 2, "late arrivals");
        int onNewItems = 0;
        for (int u = 0; u < ds.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                long fs = ds.items().get(x.item(p)).firstSeen();
                assertTrue(fs <= x.timestamp(p), "event at " + x.timestamp(p) + " on item " + x.item(p)
                        + " that appears at " + fs);
                if (fs > t0) {
                    onNewItems++;
                }
            }
        }
        assertTrue(onNewItems > 0.05 * x.numEvents(), "new items get events: " + onNewItems);
    }

    @Test
    void ratingsFollowAffinity() {
        double[] sum = new double[6];
        int[] n = new int[6];
        for (int u = 0; u < ds.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                float v = x.value(p);
                assertEquals(Math.rint(v), v, "integral rating");
                assertTrue(v >= 1 && v <= 5, "rating in 1..5");
                float[] taste = tiny.userTasteAt(u, x.timestamp(p));
                float[] f = tiny.itemFactors()[x.item(p)];
                double a = 0;
                for (int d = 0; d < f.length; d++) {
                    a += taste[d] * f[d];
                }
                sum[(int) v] += a;
                n[(int) v]++;
            }
        }
        for (int r = 2; r <= 5; r++) {
            assertTrue(n[r] > 0 && n[r - 1] > 0, "every rating occurs");
            assertTrue(sum[r] / n[r] > sum[r - 1] / n[r - 1], "mean affinity rises from rating " + (r - 1) + " to " + r);
        }
        double high = (double) (n[4] + n[5]) / x.numEvents();
        assertTrue(high > 0.3 && high < 0.7, "share of ratings >= 4: " + high);
    }

    @Test
    void tastesDriftFromStartToEnd() {
        // How much more the user's end mixture than the start mixture weighs the topic of the event's
        // item: it must grow from early to late events.
        double early = 0;
        double late = 0;
        int nEarly = 0;
        int nLate = 0;
        for (int u = 0; u < ds.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                int k = tiny.dominantTopic(x.item(p));
                double shift = tiny.userEndTopics()[u][k] - tiny.userStartTopics()[u][k];
                double progress = tiny.progress(x.timestamp(p));
                if (progress < 0.3) {
                    early += shift;
                    nEarly++;
                } else if (progress > 0.7) {
                    late += shift;
                    nLate++;
                }
            }
        }
        early /= nEarly;
        late /= nLate;
        assertTrue(early < -0.02, "early events follow the start mixture: " + early);
        assertTrue(late > early + 0.04, "late events follow the end mixture: " + late + " vs early " + early);
    }

    @Test
    void noDriftMeansNoShift() {
        SyntheticGenerator.Result r = SyntheticGenerator.generateWithTruth(
                tiny.config().withDriftStrength(0).withMedia(false), SEED);
        assertEquals(r.userStartTopics()[5][0], r.userEndTopics()[5][0], 0f);
        assertEquals(r.userStartTaste()[5][3], r.userEndTaste()[5][3], 0f);
    }

    @Test
    void contentCarriesTheFactors() {
        int n = ds.numItems();
        int[] topic = new int[n];
        double[][] colour = new double[n][3];
        double[] brightness = new double[n];
        List<Set<String>> words = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            topic[i] = tiny.dominantTopic(i);
            ItemContent c = ds.items().get(i);
            assertEquals(tiny.topicNames().get(topic[i]), c.categorical().get("genre").get(0), "genre of item " + i);
            assertTrue(c.categorical().get("genre").size() <= 2);
            assertNotNull(c.numeric().get("year"));
            assertTrue(c.numeric().get("price") > 0);
            assertEquals(2, c.title().split(" ").length, "two-word title: " + c.title());
            byte[] px = c.image().pixels();
            assertEquals(32 * 32 * 3, px.length);
            for (int p = 0; p < px.length; p++) {
                colour[i][p % 3] += (px[p] & 0xFF) / (32.0 * 32);
            }
            float[] s = c.audio().samples();
            assertEquals(8_000, c.audio().sampleRate());
            assertEquals(4_000, s.length);
            // Brightness: mean |first difference| over mean |sample| grows with the tones' pitch.
            double diffSum = 0;
            double absSum = Math.abs(s[0]);
            for (int k = 1; k < s.length; k++) {
                assertTrue(Math.abs(s[k]) <= 1f);
                diffSum += Math.abs(s[k] - s[k - 1]);
                absSum += Math.abs(s[k]);
            }
            brightness[i] = diffSum / absSum;
            words.add(new HashSet<>(Arrays.asList(c.text().toLowerCase().replace(".", "").split(" "))));
        }
        double[] same = new double[3];
        double[] diff = new double[3];
        int nSame = 0;
        int nDiff = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dc = Math.sqrt(sq(colour[i][0] - colour[j][0]) + sq(colour[i][1] - colour[j][1])
                        + sq(colour[i][2] - colour[j][2]));
                double da = Math.abs(brightness[i] - brightness[j]);
                Set<String> common = new HashSet<>(words.get(i));
                common.retainAll(words.get(j));
                Set<String> union = new HashSet<>(words.get(i));
                union.addAll(words.get(j));
                double jaccard = (double) common.size() / union.size();
                if (topic[i] == topic[j]) {
                    same[0] += dc;
                    same[1] += da;
                    same[2] += jaccard;
                    nSame++;
                } else {
                    diff[0] += dc;
                    diff[1] += da;
                    diff[2] += jaccard;
                    nDiff++;
                }
            }
        }
        assertTrue(same[0] / nSame < 0.7 * diff[0] / nDiff, "mean colour distance same topic "
                + same[0] / nSame + " vs different " + diff[0] / nDiff);
        assertTrue(same[1] / nSame < 0.85 * diff[1] / nDiff, "audio brightness difference same topic "
                + same[1] / nSame + " vs different " + diff[1] / nDiff);
        assertTrue(same[2] / nSame > 1.5 * diff[2] / nDiff, "word overlap same topic "
                + same[2] / nSame + " vs different " + diff[2] / nDiff);
    }

    private static double sq(double v) {
        return v * v;
    }

    @Test
    void userFeaturesFollowInitialTaste() {
        Map<Integer, Map<String, Integer>> regionsByTopic = new HashMap<>();
        for (int u = 0; u < ds.numUsers(); u++) {
            UserFeatures f = ds.users().get(u);
            assertEquals(Set.of("age_band", "gender", "region"), f.categorical().keySet());
            double age = f.numeric().get("age");
            assertTrue(age >= 14 && age <= 80);
            String band = f.categorical().get("age_band");
            String expected = age < 18 ? "under-18" : age < 25 ? "18-24" : age < 35 ? "25-34" : age < 45 ? "35-44"
                    : age < 55 ? "45-54" : "55+";
            assertEquals(expected, band, "band of age " + age);
            assertTrue(Set.of("F", "M", "X").contains(f.categorical().get("gender")));
            regionsByTopic.computeIfAbsent(tiny.dominantStartTopic(u), k -> new HashMap<>())
                    .merge(f.categorical().get("region"), 1, Integer::sum);
        }
        // Regions depend on the dominant topic (60% follow it): the commonest region of a topic's
        // users is far above the 20% of five uniform regions.
        int top = 0;
        int total = 0;
        for (Map<String, Integer> m : regionsByTopic.values()) {
            top += m.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            total += m.values().stream().mapToInt(Integer::intValue).sum();
        }
        assertTrue((double) top / total > 0.45, "commonest region share " + (double) top / total);
    }

    @Test
    void mediaOffLeavesEventsAndTextUnchanged() {
        Dataset plain = SyntheticGenerator.generate(tiny.config().withMedia(false), SEED);
        for (int i = 0; i < plain.numItems(); i++) {
            assertNull(plain.items().get(i).image());
            assertNull(plain.items().get(i).audio());
            assertEquals(ds.items().get(i).text(), plain.items().get(i).text());
        }
        assertEquals(x.numEvents(), plain.interactions().numEvents());
        for (int p = 0; p < x.numEvents(); p++) {
            assertEquals(x.item(p), plain.interactions().item(p));
        }
    }

    @Test
    void groundTruthShapes() {
        assertEquals(200, tiny.itemFactors().length);
        assertEquals(16, tiny.itemFactors()[0].length);
        assertEquals(300, tiny.userStartTaste().length);
        assertEquals(300, tiny.userEndTaste().length);
        assertEquals(12, tiny.topicNames().size());
        for (float[] mix : tiny.itemTopics()) {
            double s = 0;
            for (float v : mix) {
                s += v;
            }
            assertEquals(1.0, s, 1e-5);
        }
        long t0 = tiny.config().startEpochSecond();
        assertEquals(tiny.userStartTaste()[3][0], tiny.userTasteAt(3, t0)[0], 1e-6);
        assertEquals(tiny.userEndTaste()[3][0], tiny.userTasteAt(3, t0 + tiny.config().spanSeconds())[0], 1e-6);
        assertNotEquals(tiny.userStartTaste()[3][0], tiny.userEndTaste()[3][0]);
    }

    @Test
    void popularityIsHeavyTailedOnSmall() {
        Dataset small = SyntheticGenerator.generate(SyntheticConfig.preset("small").withMedia(false), SEED);
        int[] c = small.interactions().itemCounts();
        Arrays.sort(c);
        long total = 0;
        long top = 0;
        for (int i = 0; i < c.length; i++) {
            total += c[i];
            if (i >= c.length - c.length / 10) {
                top += c[i];
            }
        }
        assertEquals(60_000, total, 3_000);
        assertTrue(top > 0.4 * total, "top 10% of items hold " + (double) top / total + " of events");
    }
}
