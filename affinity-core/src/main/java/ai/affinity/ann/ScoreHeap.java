package ai.affinity.ann;

/**
 * Bounded min-heap of (id, score) keeping the best {@code capacity} entries: higher score wins, ties go to the
 * lower id (the same rule as {@code ai.affinity.model.TopK}, so exact results are deterministic). NaN is never kept.
 */
final class ScoreHeap {
    private final int[] ids;
    private final float[] scores;
    private int size;

    ScoreHeap(int capacity) {
        ids = new int[capacity];
        scores = new float[capacity];
    }

    static boolean better(float s1, int i1, float s2, int i2) {
        return s1 > s2 || (s1 == s2 && i1 < i2);
    }

    /** Whether an entry with this score could enter now (cheap pre-check before an exact tie test). */
    boolean full() {
        return size == ids.length;
    }

    float worstScore() {
        return scores[0];
    }

    void offer(int id, float score) {
        if (score != score || ids.length == 0) {
            return;
        }
        if (size < ids.length) {
            int pos = size++;
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (!better(scores[parent], ids[parent], score, id)) {
                    break;
                }
                ids[pos] = ids[parent];
                scores[pos] = scores[parent];
                pos = parent;
            }
            ids[pos] = id;
            scores[pos] = score;
        } else if (better(score, id, scores[0], ids[0])) {
            siftDown(id, score);
        }
    }

    void merge(ScoreHeap other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.ids[i], other.scores[i]);
        }
    }

    private void siftDown(int id, float score) {
        int pos = 0;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && better(scores[child], ids[child], scores[child + 1], ids[child + 1])) {
                child++;
            }
            if (!better(score, id, scores[child], ids[child])) {
                break;
            }
            ids[pos] = ids[child];
            scores[pos] = scores[child];
            pos = child;
        }
        ids[pos] = id;
        scores[pos] = score;
    }

    /** Empties the heap into a best-first result. */
    Neighbors drain() {
        int n = size;
        int[] outIds = new int[n];
        float[] outScores = new float[n];
        for (int pos = n - 1; pos >= 0; pos--) {
            outIds[pos] = ids[0];
            outScores[pos] = scores[0];
            size--;
            int lastId = ids[size];
            float lastScore = scores[size];
            if (size > 0) {
                siftDown(lastId, lastScore);
            }
        }
        return new Neighbors(outIds, outScores);
    }
}
