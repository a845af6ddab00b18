package ai.affinity.split;

import ai.affinity.data.Interactions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded test matrices and the invariants every split must satisfy. */
final class SplitFixtures {
    /** The fixture seed; logged in failure messages via {@link #describe}. */
    static final long FIXTURE_SEED = 20240611L;

    private SplitFixtures() {
    }

    /**
     * 50 users × 40 items: user 0 has no events, user 1 one, user 2 two, the others 0..24 distinct
     * items with timestamps in [0, 200) (so ties within and across users) and values 1..5.
     */
    static Interactions random50x40() {
        return random(50, 40, FIXTURE_SEED);
    }

    static Interactions random(int numUsers, int numItems, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder().setDimensions(numUsers, numItems);
        int[] items = new int[numItems];
        for (int u = 0; u < numUsers; u++) {
            int n = switch (u) {
                case 0 -> 0;
                case 1 -> 1;
                case 2 -> 2;
                default -> rng.nextInt(0, Math.min(25, numItems) + 1);
            };
            for (int i = 0; i < numItems; i++) {
                items[i] = i;
            }
            for (int j = 0; j < n; j++) {
                int r = j + rng.nextInt(numItems - j);
                int t = items[j];
                items[j] = items[r];
                items[r] = t;
                b.add(u, items[j], 1 + rng.nextInt(5), rng.nextInt(200));
            }
        }
        return b.build();
    }

    /** (user, item) → {value bits, timestamp}. */
    static Map<Long, long[]> events(Interactions x) {
        Map<Long, long[]> m = new HashMap<>();
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                m.put(key(x, u, x.item(p)), new long[] {Float.floatToIntBits(x.value(p)), x.timestamp(p)});
            }
        }
        return m;
    }

    static long key(Interactions x, int u, int i) {
        return (long) u * x.numItems() + i;
    }

    /** Pairs of {@code x}'s events. */
    static Set<Long> pairs(Interactions x) {
        return events(x).keySet();
    }

    /**
     * The parts are disjoint in (user, item), every event of every part is an event of
     * {@code original} (same value and timestamp), and together they hold all of its events.
     */
    static void assertPartition(Interactions original, Interactions... parts) {
        Map<Long, long[]> all = events(original);
        Set<Long> seen = new HashSet<>();
        for (Interactions part : parts) {
            assertEquals(original.numUsers(), part.numUsers(), "users dimension kept");
            assertEquals(original.numItems(), part.numItems(), "items dimension kept");
            for (Map.Entry<Long, long[]> e : events(part).entrySet()) {
                assertTrue(seen.add(e.getKey()), "pair " + e.getKey() + " in two parts");
                long[] orig = all.get(e.getKey());
                assertNotNull(orig, "pair " + e.getKey() + " not in the original");
                assertArrayEquals(orig, e.getValue(), "value and timestamp kept for pair " + e.getKey());
            }
        }
        assertEquals(all.keySet(), seen, "parts together hold every original event");
    }

    /** No (user, item) pair is in both. */
    static void assertDisjoint(Interactions a, Interactions b) {
        Set<Long> pa = pairs(a);
        for (long k : pairs(b)) {
            assertFalse(pa.contains(k), "pair " + k + " in both train and test");
        }
    }

    static boolean sameEvents(Interactions a, Interactions b) {
        if (a.numUsers() != b.numUsers() || a.numItems() != b.numItems() || a.numEvents() != b.numEvents()) {
            return false;
        }
        for (int u = 0; u <= a.numUsers() - 1; u++) {
            if (a.start(u) != b.start(u) || a.end(u) != b.end(u)) {
                return false;
            }
        }
        for (int p = 0; p < a.numEvents(); p++) {
            if (a.item(p) != b.item(p) || a.value(p) != b.value(p) || a.timestamp(p) != b.timestamp(p)) {
                return false;
            }
        }
        return true;
    }

    static void assertSameSplit(Split a, Split b) {
        assertEquals(a.protocol(), b.protocol());
        assertEquals(a.params(), b.params());
        assertTrue(sameEvents(a.train(), b.train()), "same train");
        assertTrue(sameEvents(a.test(), b.test()), "same test");
        assertTrue(sameEvents(a.queryHistory(), b.queryHistory()), "same query history");
        assertArrayEquals(a.candidates(), b.candidates(), "same candidates");
    }

    /** A tiny matrix from rows of {user, item, timestamp} (value 1). */
    static Interactions of(int numUsers, int numItems, long[]... rows) {
        Interactions.Builder b = Interactions.builder().setDimensions(numUsers, numItems);
        for (long[] r : rows) {
            b.add((int) r[0], (int) r[1], 1f, r[2]);
        }
        return b.build();
    }

    static String describe() {
        return "fixture seed " + FIXTURE_SEED;
    }
}
