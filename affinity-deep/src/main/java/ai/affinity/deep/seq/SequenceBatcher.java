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

    /** Shuffles the order of the users (Fisher-Yates), at the start of an epoch. */
    void shuffle(SplittableRandom rng) {
        System.arraycopy(users, 0, order, 0, users.length);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The batches of one epoch, every trainable user once, in a freshly shuffled order. */
    List<Batch> epoch(int batchSize, SplittableRandom rng) {
        shuffle(rng);
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
