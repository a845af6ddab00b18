package ai.affinity.model.als;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.model.ContractFixture;
import ai.affinity.model.FitContext;
import ai.affinity.model.IncrementalAlgorithm;
import ai.affinity.model.TopK;
import ai.affinity.model.TrainingData;
import ai.affinity.model.UserQuery;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IalsUpdateTest {
    private static final long SEED = 5;
    private static final Ials ALGO = new Ials().with(8, 5, 0.1, 10);
    private static final int NEW_USER = ContractFixture.NUM_USERS;
    private static final int NEW_ITEM = ContractFixture.NUM_ITEMS;

    /** The fixture plus one new user (block 2 items) and one new item that block-1 users 12..15 click. */
    private static Interactions grown(Interactions x) {
        Interactions.Builder b = Interactions.builder().setDimensions(x.numUsers() + 1, x.numItems() + 1);
        for (int u = 0; u < x.numUsers(); u++) {
            for (int p = x.start(u); p < x.end(u); p++) {
                b.add(u, x.item(p), x.value(p), x.timestamp(p));
            }
        }
        int base = 2 * ContractFixture.ITEMS_PER_BLOCK;
        for (int j = 0; j < 4; j++) {
            b.add(NEW_USER, base + j, 1, 5_000 + j);
        }
        for (int u = 12; u < 16; u++) {
            b.add(u, NEW_ITEM, 1, 6_000 + u);
        }
        return b.build();
    }

    private static int[] identity(int n, int prev) {
        return IntStream.range(0, n).map(i -> i < prev ? i : -1).toArray();
    }

    private static IncrementalAlgorithm.Delta growthDelta() {
        return new IncrementalAlgorithm.Delta(identity(NEW_USER + 1, NEW_USER), identity(NEW_ITEM + 1, NEW_ITEM),
                new int[]{12, 13, 14, 15, NEW_USER}, new int[]{8, 12, 13, 14, 15, NEW_ITEM});
    }

    @Test
    void changedUsersGetTheirExactRowUnchangedOnesKeepTheirsAndThePreviousModelIsUntouched() {
        TrainingData data = ContractFixture.training(SEED);
        IalsModel prev = ALGO.fit(data, new FitContext(SEED, 1, null));
        float[] prevUser0 = prev.userVector(0);
        float[] prevItem0 = prev.itemVector(0);
        Interactions g = grown(data.train());
        IalsModel next = ALGO.update(prev, TrainingData.of(g), growthDelta(), new FitContext(SEED, 2, null));

        assertEquals(NEW_ITEM + 1, next.numItems());
        assertEquals(NEW_USER + 1, next.numUsers());
        assertArrayEquals(prevUser0, next.userVector(0), "a user without new events keeps their vector");
        assertArrayEquals(prevUser0, prev.userVector(0), "previous model not modified");
        assertArrayEquals(prevItem0, prev.itemVector(0));
        // The last step re-solves changed users given the final item factors: exactly the fold-in of their history.
        for (int u : new int[]{12, NEW_USER}) {
            History h = g.history(u);
            assertArrayEquals(next.foldIn(h), next.userVector(u), 1e-4f, "user " + u);
        }
        float norm = 0;
        for (float v : next.itemVector(NEW_ITEM)) {
            norm += v * v;
        }
        assertTrue(norm > 1e-6, "the new item with events gets a vector");
    }

    @Test
    void theNewUserIsRecommendedTheirBlockAndTheNewItemReachesItsClickers() {
        TrainingData data = ContractFixture.training(SEED);
        IalsModel prev = ALGO.fit(data, new FitContext(SEED, 1, null));
        IalsModel next = ALGO.update(prev, TrainingData.of(grown(data.train())), growthDelta(), new FitContext(SEED, 1, null));
        float[] s = new float[next.numItems()];
        next.score(new UserQuery(NEW_USER, History.empty(), null), s);
        int[] top = TopK.select(s, 6);
        int inBlock = 0;
        for (int i : top) {
            inBlock += ContractFixture.itemBlock(i) == 2 ? 1 : 0;
        }
        assertTrue(inBlock >= 5, "new user's top 6 should be block 2, got " + java.util.Arrays.toString(top));
        // A block-1 user who did not click the new item still scores it above other blocks' items.
        next.score(new UserQuery(16, History.empty(), null), s);
        float newItem = s[NEW_ITEM];
        int above = 0;
        for (int i = 0; i < ContractFixture.NUM_ITEMS; i++) {
            if (ContractFixture.itemBlock(i) != 1 && s[i] > newItem) {
                above++;
            }
        }
        assertEquals(0, above, "no other block's item above the new block-1 item");
    }

    @Test
    void noChangeMeansTheSameScoresAndDeterministicAcrossThreads() {
        TrainingData data = ContractFixture.training(SEED);
        IalsModel prev = ALGO.fit(data, new FitContext(SEED, 1, null));
        int nu = ContractFixture.NUM_USERS;
        int ni = ContractFixture.NUM_ITEMS;
        IncrementalAlgorithm.Delta none = new IncrementalAlgorithm.Delta(identity(nu, nu), identity(ni, ni), new int[0], new int[0]);
        IalsModel same = ALGO.update(prev, data, none, new FitContext(SEED, 1, null));
        assertArrayEquals(prev.userVector(3), same.userVector(3));
        assertArrayEquals(prev.itemVector(3), same.itemVector(3));
        IalsModel a = ALGO.update(prev, TrainingData.of(grown(data.train())), growthDelta(), new FitContext(SEED, 1, null));
        IalsModel b = ALGO.update(prev, TrainingData.of(grown(data.train())), growthDelta(), new FitContext(SEED, 4, null));
        assertArrayEquals(a.userVector(NEW_USER), b.userVector(NEW_USER));
        assertArrayEquals(a.itemVector(NEW_ITEM), b.itemVector(NEW_ITEM));
    }

    @Test
    void refusesOtherHyperparametersAndMismatchedDeltas() {
        TrainingData data = ContractFixture.training(SEED);
        IalsModel prev = ALGO.fit(data, new FitContext(SEED, 1, null));
        Ials other = ALGO.with(8, 5, 1.0, 10);
        assertFalse(other.canUpdate(prev));
        assertTrue(ALGO.canUpdate(prev));
        assertThrows(IllegalArgumentException.class, () -> other.update(prev, data, growthDelta(), FitContext.seeded(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ALGO.update(prev, data, growthDelta(), FitContext.seeded(1)));
        assertTrue(e.getMessage().contains("delta maps"), e.getMessage());
    }
}
