package ai.affinity.server.serving;

import ai.affinity.data.IdMap;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.model.TopK;
import ai.affinity.model.content.DocumentSpec;
import ai.affinity.model.content.SparseRows;
import ai.affinity.model.content.TfIdfVectorizer;

import java.util.List;
import java.util.Map;

/**
 * {@link ContentIndex} by TF-IDF (core's {@link TfIdfVectorizer}, scikit-learn's smoothed idf, L2
 * normalised): one document per item from its title, text and every categorical attribute (genres
 * become tokens like {@code genre=Drama}), weights 1 each. The vocabulary is fitted on every item of
 * the catalogue; an inverted index (term → warm items) finds a new item's cosine neighbours in time
 * proportional to the postings of its terms. A neighbour's weight is {@code (cos / cos_best)^}{@value #SHARPNESS},
 * relative to the most similar warm item: the closest few items dominate (a near-duplicate, such as a
 * new edition, takes almost the whole weight; items half as similar get {@code 0.5^8 ≈ 0.004}), while
 * an item with several about equally close neighbours gets their average. A plain cosine-weighted mean
 * over many neighbours (tried first) diluted the evidence of the closest items so much that a new
 * edition of a user's top item did not reach their top 10.
 */
public final class TfIdfContentIndex implements ContentIndex {
    /** Exponent applied to cosine similarities to get weights. */
    public static final int SHARPNESS = 8;
    /** The document spec: title, text and all categorical attributes, weight 1, unigrams, raw counts. */
    public static final DocumentSpec SPEC = new DocumentSpec(1, 1, 1, List.of(), Map.of(), 1, false, false, 1);

    private final IdMap itemIds;
    private final int numItems;
    private final TfIdfVectorizer vectorizer;
    /** term → warm items having it, with the item's vector weight. */
    private final SparseRows postings;

    private TfIdfContentIndex(IdMap itemIds, int numItems, TfIdfVectorizer vectorizer, SparseRows postings) {
        this.itemIds = itemIds;
        this.numItems = numItems;
        this.vectorizer = vectorizer;
        this.postings = postings;
    }

    /** Fits the vocabulary on the catalogue of {@code ts} and indexes its warm items. */
    public static TfIdfContentIndex build(TrainingSet ts, boolean[] warm) {
        ItemCatalog catalog = ts.data().items();
        int n = ts.itemIds().size();
        TfIdfVectorizer v = TfIdfVectorizer.fit(SPEC, catalog, n);
        SparseRows all = v.transformAll(catalog, n);
        // Keep warm rows only: cold items cannot lend a score.
        int[] indptr = new int[n + 1];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            if (i < warm.length && warm[i]) {
                nnz += all.end(i) - all.start(i);
            }
            indptr[i + 1] = nnz;
        }
        int[] cols = new int[nnz];
        float[] vals = new float[nnz];
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (i < warm.length && warm[i]) {
                for (int p = all.start(i); p < all.end(i); p++) {
                    cols[w] = all.col(p);
                    vals[w] = all.val(p);
                    w++;
                }
            }
        }
        SparseRows warmRows = new SparseRows(v.numTerms(), indptr, cols, vals);
        return new TfIdfContentIndex(ts.itemIds(), n, v, warmRows.transpose());
    }

    @Override
    public ColdItem place(String itemId, ItemContent content) {
        TfIdfVectorizer.Vector q = vectorizer.transform(content);
        long now = System.nanoTime();
        if (q.terms().length == 0) {
            return new ColdItem(itemId, new String[0], new float[0], now);
        }
        float[] acc = new float[numItems];
        int[] touched = new int[16];
        int nt = 0;
        for (int j = 0; j < q.terms().length; j++) {
            int t = q.terms()[j];
            float qw = q.weights()[j];
            for (int p = postings.start(t); p < postings.end(t); p++) {
                int item = postings.col(p);
                if (acc[item] == 0) {
                    if (nt == touched.length) {
                        touched = java.util.Arrays.copyOf(touched, nt * 2);
                    }
                    touched[nt++] = item;
                }
                acc[item] += qw * postings.val(p);
            }
        }
        int self = itemIds.indexOf(itemId);
        int[] top = TopK.select(acc, CatalogIndex.NEIGHBOURS + 1, null, java.util.Arrays.copyOf(touched, nt));
        String[] ids = new String[top.length];
        float[] ws = new float[top.length];
        int m = 0;
        double best = 0;
        for (int i : top) {
            if (i == self || acc[i] <= 0 || m == CatalogIndex.NEIGHBOURS) {
                continue;
            }
            best = best == 0 ? acc[i] : best;
            ids[m] = itemIds.id(i);
            ws[m] = (float) Math.pow(acc[i] / best, SHARPNESS);
            m++;
        }
        return new ColdItem(itemId, java.util.Arrays.copyOf(ids, m), java.util.Arrays.copyOf(ws, m), now);
    }

    @Override
    public String name() {
        return "tfidf";
    }
}
