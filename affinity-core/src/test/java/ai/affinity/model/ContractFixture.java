package ai.affinity.model;

import ai.affinity.data.History;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.UserFeatures;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A data set whose right answer is known: users and items fall into {@link #BLOCKS} blocks, and
 * every user interacts only with items of their own block (block-diagonal preferences). Items carry
 * block-specific text and a genre, users a segment, so content and segment models see the same
 * structure. Within a block, item popularity differs, so popularity alone cannot find the block.
 */
public final class ContractFixture {
    public static final int BLOCKS = 4;
    public static final int USERS_PER_BLOCK = 12;
    public static final int ITEMS_PER_BLOCK = 6;
    public static final int NUM_USERS = BLOCKS * USERS_PER_BLOCK;
    public static final int NUM_ITEMS = BLOCKS * ITEMS_PER_BLOCK;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta"};

    private ContractFixture() {
    }

    public static int userBlock(int u) {
        return u / USERS_PER_BLOCK;
    }

    public static int itemBlock(int i) {
        return i / ITEMS_PER_BLOCK;
    }

    /** Each user has 3 or 4 of their block's 6 items, seeded. */
    public static TrainingData training(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder().setDimensions(NUM_USERS, NUM_ITEMS);
        long t = 1_000;
        for (int u = 0; u < NUM_USERS; u++) {
            int block = userBlock(u);
            int n = 3 + rng.nextInt(2);
            int[] perm = rng.ints(0, ITEMS_PER_BLOCK).distinct().limit(ITEMS_PER_BLOCK).toArray();
            for (int j = 0; j < n; j++) {
                b.add(u, block * ITEMS_PER_BLOCK + perm[j], 1 + rng.nextInt(5), t++);
            }
        }
        ItemCatalog items = new ItemCatalog();
        for (int i = 0; i < NUM_ITEMS; i++) {
            int block = itemBlock(i);
            String w = WORDS[block];
            items.set(i, new ItemContent("item " + i, w + " story about " + w + " and things",
                    Map.of("genre", List.of("g" + block)), Map.of("year", 1990.0 + i), null, null,
                    ItemContent.UNKNOWN_TIME));
        }
        UserCatalog users = new UserCatalog();
        for (int u = 0; u < NUM_USERS; u++) {
            users.set(u, new UserFeatures(Map.of("segment", "s" + userBlock(u)), Map.of("age", 20.0 + u % 30)));
        }
        return new TrainingData(b.build(), items, users, null);
    }

    /** A history of three items of {@code block}, for a user the model never saw. */
    public static History newUserHistory(int block, int offset) {
        int base = block * ITEMS_PER_BLOCK;
        return History.ofItems(base + offset % ITEMS_PER_BLOCK, base + (offset + 1) % ITEMS_PER_BLOCK,
                base + (offset + 2) % ITEMS_PER_BLOCK);
    }
}
