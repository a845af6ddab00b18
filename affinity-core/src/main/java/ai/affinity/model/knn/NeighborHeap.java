package ai.affinity.model.knn;

/**
 * A bounded min-heap that keeps the {@code capacity} best (score, id) pairs, each packed into one
 * long (as Lucene's {@code NeighborQueue} does): the high 32 bits are the score's bits made
 * order-preserving, the low 32 bits the complement of the id, so that on equal scores the smaller
 * id wins. Deterministic whatever the insertion order. Not thread-safe; reuse per thread.
 */
final class NeighborHeap {
    private final long[] heap;
    private int size;

    NeighborHeap(int capacity) {
        heap = new long[Math.max(1, capacity)];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    static long pack(float score, int id) {
        int bits = Float.floatToIntBits(score);
        // Negative floats order backwards as ints: flip their magnitude bits (-0.0 becomes below 0.0).
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | (~id & 0xffffffffL);
    }

    static float score(long packed) {
        int bits = (int) (packed >> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    static int id(long packed) {
        return ~(int) packed;
    }

    /** Offers a pair; keeps it when the heap is not full or it beats the current worst. */
    void offer(float score, int id) {
        long v = pack(score, id);
        if (size < heap.length) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= v) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = v;
        } else if (v > heap[0]) {
            siftDown(v);
        }
    }

    /**
     * Empties the heap into {@code ids}/{@code scores} from position {@code offset}, best first;
     * returns the count.
     */
    int drainBestFirst(int[] ids, float[] scores, int offset) {
        int n = size;
        for (int k = n - 1; k >= 0; k--) {
            long top = heap[0];
            ids[offset + k] = id(top);
            scores[offset + k] = score(top);
            long last = heap[--size];
            if (size > 0) {
                siftDown(last);
            }
        }
        return n;
    }

    private void siftDown(long v) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right] < heap[child]) {
                child = right;
            }
            if (v <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = v;
    }
}
