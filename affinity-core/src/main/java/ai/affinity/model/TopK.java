package ai.affinity.model;

import java.util.Arrays;

/**
 * Top-K selection over a score array, written once for every model: partial selection with a
 * primitive min-heap, O(n log k). Items may be excluded (already seen) or restricted to candidates.
 * Ties are broken by the lower item index, so rankings are deterministic. NaN scores are never selected.
 */
public final class TopK {
    private TopK() {
    }

    /**
     * The best {@code k} items by score, best first.
     *
     * @param scores     one score per item
     * @param k          how many to return; fewer when fewer items are eligible
     * @param excluded   items never returned (may be null); indexed by item
     * @param candidates if non-null, only these items are eligible
     */
    public static int[] select(float[] scores, int k, boolean[] excluded, int[] candidates) {
        if (k <= 0) {
            return new int[0];
        }
        int[] heapItems = new int[k];
        float[] heapScores = new float[k];
        int size = 0;
        int n = candidates == null ? scores.length : candidates.length;
        for (int c = 0; c < n; c++) {
            int item = candidates == null ? c : candidates[c];
            if (excluded != null && excluded[item]) {
                continue;
            }
            float s = scores[item];
            if (s != s) {
                continue;
            }
            if (size < k) {
                heapItems[size] = item;
                heapScores[size] = s;
                siftUp(heapItems, heapScores, size);
                size++;
            } else if (better(s, item, heapScores[0], heapItems[0])) {
                heapItems[0] = item;
                heapScores[0] = s;
                siftDown(heapItems, heapScores, size);
            }
        }
        // Pop worst-first into the tail to get best-first order.
        int[] out = new int[size];
        for (int pos = size - 1; pos >= 0; pos--) {
            out[pos] = heapItems[0];
            size--;
            heapItems[0] = heapItems[size];
            heapScores[0] = heapScores[size];
            siftDown(heapItems, heapScores, size);
        }
        return out;
    }

    /** Convenience: top {@code k} of all items with nothing excluded. */
    public static int[] select(float[] scores, int k) {
        return select(scores, k, null, null);
    }

    /** Whether (s1, i1) ranks above (s2, i2): higher score, then lower index. */
    static boolean better(float s1, int i1, float s2, int i2) {
        return s1 > s2 || (s1 == s2 && i1 < i2);
    }

    // Min-heap by rank: the root is the worst of the kept items.
    private static void siftUp(int[] items, float[] scores, int pos) {
        int it = items[pos];
        float sc = scores[pos];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (better(scores[parent], items[parent], sc, it)) {
                items[pos] = items[parent];
                scores[pos] = scores[parent];
                pos = parent;
            } else {
                break;
            }
        }
        items[pos] = it;
        scores[pos] = sc;
    }

    private static void siftDown(int[] items, float[] scores, int size) {
        if (size == 0) {
            return;
        }
        int pos = 0;
        int it = items[0];
        float sc = scores[0];
        while (true) {
            int left = 2 * pos + 1;
            if (left >= size) {
                break;
            }
            int right = left + 1;
            int worst = left;
            if (right < size && better(scores[left], items[left], scores[right], items[right])) {
                worst = right;
            }
            if (better(sc, it, scores[worst], items[worst])) {
                items[pos] = items[worst];
                scores[pos] = scores[worst];
                pos = worst;
            } else {
                break;
            }
        }
        items[pos] = it;
        scores[pos] = sc;
    }

    /** Reference implementation by full sort, for tests. */
    static int[] selectBySort(float[] scores, int k, boolean[] excluded, int[] candidates) {
        Integer[] all = new Integer[candidates == null ? scores.length : candidates.length];
        int m = 0;
        for (int c = 0; c < all.length; c++) {
            int item = candidates == null ? c : candidates[c];
            if ((excluded == null || !excluded[item]) && !Float.isNaN(scores[item])) {
                all[m++] = item;
            }
        }
        Integer[] eligible = Arrays.copyOf(all, m);
        Arrays.sort(eligible, (a, b) -> better(scores[a], a, scores[b], b) ? -1 : (a.equals(b) ? 0 : 1));
        int[] out = new int[Math.min(k, m)];
        for (int i = 0; i < out.length; i++) {
            out[i] = eligible[i];
        }
        return out;
    }
}
