package ai.affinity.split;

import ai.affinity.data.Interactions;
import ai.affinity.util.IntSorter;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeding and bookkeeping shared by the protocols. */
final class SplitSupport {
    /** Salts so that different protocols (and the validation carve-out) draw independent streams from one seed. */
    static final long SALT_RANDOM = 0x52414E444F4D4831L;
    static final long SALT_VALIDATION = 0x56414C4944415431L;
    static final long SALT_COLD_ITEMS = 0x434F4C444954454DL;
    static final long SALT_COLD_USERS = 0x434F4C4455534552L;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SplitSupport() {
    }

    /** Stafford's mix13, the finaliser SplittableRandom itself uses. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit hash of (seed, salt, key): the same inputs give the same value on every run. */
    static long hash(long seed, long salt, int key) {
        return mix64(mix64(seed ^ salt) + (key + 1L) * GOLDEN);
    }

    /** The generator for one user (or item) under one seed, independent of every other key's. */
    static SplittableRandom rng(long seed, long salt, int key) {
        return new SplittableRandom(hash(seed, salt, key));
    }

    /**
     * Picks {@code k} keys out of {@code keys} at random: each key gets a hash of (seed, salt, key) and
     * the {@code k} smallest win. Returns them ascending. Order-independent, and a key's fate does not
     * depend on which other keys are present beyond the count.
     */
    static int[] pick(int[] keys, int k, long seed, long salt) {
        int n = keys.length;
        long[] h = new long[n];
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            h[j] = hash(seed, salt, keys[j]);
            order[j] = j;
        }
        IntSorter.sort(order, (a, b) -> {
            int c = Long.compare(h[a], h[b]);
            return c != 0 ? c : Integer.compare(keys[a], keys[b]);
        });
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = keys[order[j]];
        }
        Arrays.sort(out);
        return out;
    }

    /** {@code round(n * fraction)} clamped to {@code [lo, hi]}. */
    static int share(int n, double fraction, int lo, int hi) {
        long r = Math.round(n * fraction);
        return (int) Math.max(lo, Math.min(hi, r));
    }

    /** Copies the event at {@code pos} of {@code x} (a row of user {@code u}) into {@code b}. */
    static void copy(Interactions.Builder b, Interactions x, int u, int pos) {
        b.add(u, x.item(pos), x.value(pos), x.timestamp(pos));
    }

    /** Checks a fraction lies strictly between 0 and 1. */
    static double checkFraction(String what, double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1), got " + f);
        }
        return f;
    }

    /** Adds the sizes every split reports: train/test event and user counts. */
    static void putSizes(Map<String, Object> params, Interactions train, Interactions test) {
        params.put("train_events", train.numEvents());
        params.put("test_events", test.numEvents());
        params.put("train_users", train.numActiveUsers());
        params.put("test_users", test.numActiveUsers());
    }
}
