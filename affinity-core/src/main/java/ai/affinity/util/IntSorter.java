package ai.affinity.util;

/** Sorts arrays of int indexes with a primitive comparator: a stable merge sort without boxing. */
public final class IntSorter {
    /** Compares two indexes; negative, zero or positive like {@link java.util.Comparator}. */
    @FunctionalInterface
    public interface IntComparator {
        int compare(int a, int b);
    }

    private IntSorter() {
    }

    /** Stable sort of {@code a[from, to)} by {@code cmp}. */
    public static void sort(int[] a, int from, int to, IntComparator cmp) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        int[] buf = new int[n];
        mergeSort(a, buf, from, to, cmp);
    }

    public static void sort(int[] a, IntComparator cmp) {
        sort(a, 0, a.length, cmp);
    }

    private static void mergeSort(int[] a, int[] buf, int from, int to, IntComparator cmp) {
        int n = to - from;
        if (n <= 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && cmp.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, buf, from, mid, cmp);
        mergeSort(a, buf, mid, to, cmp);
        if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, buf, 0, n);
        int i = 0;
        int iEnd = mid - from;
        int j = iEnd;
        int k = from;
        while (i < iEnd && j < n) {
            if (cmp.compare(buf[j], buf[i]) < 0) {
                a[k++] = buf[j++];
            } else {
                a[k++] = buf[i++];
            }
        }
        while (i < iEnd) {
            a[k++] = buf[i++];
        }
        while (j < n) {
            a[k++] = buf[j++];
        }
    }
}
