package ai.affinity.deep.seq;

import ai.affinity.data.Interactions;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns each user's time-ordered training events into next-item training examples for SASRec: the
 * user's newest {@code maxLen + 1} items give the input {@code s[0..n-2]} and the targets
 * {@code s[1..n-1]}, right-aligned in a row of the batch (ids shifted by one, 0 = padding), with
 * sampled negatives that the user never interacted with in training. Users with fewer than two
 * events have nothing to predict and are left out.
 *
 * <p>The order of users is shuffled per epoch and negatives drawn from the {@link SplittableRandom}
 * the caller passes (the training loop's), so the same seed gives the same batches. A batch is as
 * wide as its longest row (at most {@code maxLen}), so short sequences cost little. Not thread-safe.
 */
final class SequenceBatcher {
    /** Batches per window within which users are sorted by length. */
    static final int BUCKET = 4;

    /**
     * One batch as flat row-major arrays.
     *
     * @param rows     sequences B
     * @param width    positions L
     * @param seq      inputs (B × L), shifted ids, 0 = padding
     * @param pos      targets (B × L), shifted ids, 0 where there is no target
     * @param neg      negatives, shifted ids: (B × L) one per position when {@code perPosition}, else (B × N)
     * @param mask     1 where a target exists (B × L)
     * @param negatives N
     */
    record Batch(int rows, int width, int[] seq, int[] pos, int[] neg, float[] mask, int negatives,
                 boolean perPosition) {
        int targets() {
            int n = 0;
            for (float m : mask) {
                n += m > 0 ? 1 : 0;
            }
            return n;
        }
    }

    private final Interactions train;
    private final int maxLen;
    private final int negatives;
    private final int[] users;
    private final int[] order;
    private final boolean[] seen;

    SequenceBatcher(Interactions train, int maxLen, int negatives) {
        this.train = train;
        this.maxLen = maxLen;
        this.negatives = negatives;
        int count = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            count += train.userCount(u) >= 2 ? 1 : 0;
        }
        users = new int[count];
        for (int u = 0, k = 0; u < train.numUsers(); u++) {
            if (train.userCount(u) >= 2) {
                users[k++] = u;
            }
        }
        order = users.clone();
        seen = new boolean[train.numItems()];
    }

    /** Users with at least one training target. */
    int numSequences() {
        return users.length;
    }

    /**
     * Draws an epoch's order of users: a uniform shuffle, then, within each window of
     * {@value #BUCKET} batches, users sorted by sequence length (so a batch holds similar lengths and
     * little padding: on MovieLens 100K this cuts the attention work about 2.3x), then the batches
     * themselves shuffled, so lengths do not rise steadily through the epoch.
     */
    void shuffle(SplittableRandom rng, int batchSize) {
        System.arraycopy(users, 0, order, 0, users.length);
        permute(order, rng);
        int window = BUCKET * batchSize;
        long[] keys = new long[Math.min(window, order.length)];
        for (int from = 0; from < order.length; from += window) {
            int to = Math.min(order.length, from + window);
            // Sort by (length, position in the shuffle): pack both into one long, sort primitives.
            for (int i = from; i < to; i++) {
                keys[i - from] = ((long) sequenceLength(order[i]) << 32) | (i - from);
            }
            java.util.Arrays.sort(keys, 0, to - from);
            int[] sorted = new int[to - from];
            for (int i = 0; i < to - from; i++) {
                sorted[i] = order[from + (int) keys[i]];
            }
            System.arraycopy(sorted, 0, order, from, sorted.length);
        }
        int batches = (order.length + batchSize - 1) / batchSize;
        int[] batchOrder = new int[batches];
        for (int b = 0; b < batches; b++) {
            batchOrder[b] = b;
        }
        permute(batchOrder, rng);
        // The last (possibly short) batch keeps its place at the end, so the loop's fixed
        // [from, to) slices still cover every user exactly once.
        int full = order.length / batchSize;
        int[] copy = order.clone();
        int at = 0;
        for (int b : batchOrder) {
            if (b >= full) {
                continue;
            }
            System.arraycopy(copy, b * batchSize, order, at, batchSize);
            at += batchSize;
        }
        System.arraycopy(copy, full * batchSize, order, at, order.length - full * batchSize);
    }

    private int sequenceLength(int u) {
        return Math.min(maxLen, train.userCount(u) - 1);
    }

    private static void permute(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The batches of one epoch, every trainable user once, in a freshly shuffled order. */
    List<Batch> epoch(int batchSize, SplittableRandom rng) {
        shuffle(rng, batchSize);
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            out.add(batch(from, Math.min(order.length, from + batchSize), rng));
        }
        return out;
    }

    /** The batch of users {@code [from, to)} of the current order. */
    Batch batch(int from, int to, SplittableRandom rng) {
        int rows = to - from;
        int width = 1;
        for (int r = from; r < to; r++) {
            width = Math.max(width, Math.min(maxLen, train.userCount(order[r]) - 1));
        }
        boolean perPosition = negatives == 1;
        int[] seq = new int[rows * width];
        int[] pos = new int[rows * width];
        float[] mask = new float[rows * width];
        int[] neg = new int[perPosition ? rows * width : rows * negatives];
        for (int r = 0; r < rows; r++) {
            int u = order[from + r];
            int s = train.start(u);
            int e = train.end(u);
            int n = Math.min(maxLen, e - s - 1); // examples in this row
            for (int p = s; p < e; p++) {
                seen[train.item(p)] = true;
            }
            for (int k = 0; k < n; k++) {
                int cell = r * width + (width - n + k);
                int target = e - n + k;
                seq[cell] = train.item(target - 1) + 1;
                pos[cell] = train.item(target) + 1;
                mask[cell] = 1f;
                if (perPosition) {
                    neg[cell] = sampleNegative(rng) + 1;
                }
            }
            if (!perPosition) {
                for (int k = 0; k < negatives; k++) {
                    neg[r * negatives + k] = sampleNegative(rng) + 1;
                }
            }
            for (int p = s; p < e; p++) {
                seen[train.item(p)] = false;
            }
        }
        return new Batch(rows, width, seq, pos, neg, mask, negatives, perPosition);
    }

    /** A uniform item the current user has not seen (any item after 64 rejections: near-complete users). */
    private int sampleNegative(SplittableRandom rng) {
        int numItems = seen.length;
        int j = rng.nextInt(numItems);
        for (int tries = 0; seen[j] && tries < 64; tries++) {
            j = rng.nextInt(numItems);
        }
        return j;
    }
}
