package ai.affinity.model.content;

import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * TF-IDF weights and cosines on a 3-document corpus computed by hand.
 *
 * <pre>
 * d0 = "red apple", d1 = "red car", d2 = "fast car car"; N = 3
 * df: apple 1, car 2, fast 1, red 2
 * idf(df=1) = ln(4/2) + 1 = 1.693147,  idf(df=2) = ln(4/3) + 1 = 1.287682
 * d0 = (red 1.287682, apple 1.693147) / 2.127175 = (red 0.605349, apple 0.795961)
 * d1 = (red 1.287682, car 1.287682) / 1.821045 = (red 0.707107, car 0.707107)
 * d2 = (car 2 * 1.287682, fast 1.693147) / 3.082085 = (car 0.835592, fast 0.549351)
 *      sublinear: car tf = 1 + ln 2 = 1.693147: (car 0.789807, fast 0.613356)
 * cos(d0, d1) = 0.605349 * 0.707107 = 0.428046; cos(d1, d2) = 0.707107 * 0.835592 = 0.590852; cos(d0, d2) = 0
 * </pre>
 */
class TfIdfVectorizerTest {
    static final double EPS = 1e-5;

    static ItemCatalog corpus() {
        ItemCatalog c = new ItemCatalog();
        c.set(0, ItemContent.titled("Red apple"));
        c.set(1, ItemContent.titled("red CAR"));
        c.set(2, ItemContent.titled("fast car, car"));
        return c;
    }

    static DocumentSpec titlesOnly(boolean sublinear) {
        return new DocumentSpec(1, 0, 0, List.of(), Map.of(), 0, false, sublinear, 1);
    }

    @Test
    void idfIsSmoothed() {
        assertEquals(1.693147, TfIdfVectorizer.idf(3, 1), EPS);
        assertEquals(1.287682, TfIdfVectorizer.idf(3, 2), EPS);
        assertEquals(1.0, TfIdfVectorizer.idf(3, 3), EPS);
    }

    @Test
    void vocabularyIsSortedWithIdf() {
        TfIdfVectorizer v = TfIdfVectorizer.fit(titlesOnly(false), corpus(), 3);
        assertEquals(4, v.numTerms());
        assertEquals(List.of("apple", "car", "fast", "red"),
                List.of(v.term(0), v.term(1), v.term(2), v.term(3)));
        assertEquals(1.693147, v.idf(v.indexOf("apple")), EPS);
        assertEquals(1.287682, v.idf(v.indexOf("car")), EPS);
        assertEquals(-1, v.indexOf("banana"));
    }

    @Test
    void weightsMatchHandComputation() {
        TfIdfVectorizer v = TfIdfVectorizer.fit(titlesOnly(false), corpus(), 3);
        SparseRows x = v.transformAll(corpus(), 3);
        assertEquals(0.605349, x.get(0, v.indexOf("red")), EPS);
        assertEquals(0.795961, x.get(0, v.indexOf("apple")), EPS);
        assertEquals(0.707107, x.get(1, v.indexOf("red")), EPS);
        assertEquals(0.707107, x.get(1, v.indexOf("car")), EPS);
        assertEquals(0.835592, x.get(2, v.indexOf("car")), EPS);
        assertEquals(0.549351, x.get(2, v.indexOf("fast")), EPS);
        assertEquals(0.0, x.get(2, v.indexOf("red")), 0.0);
        assertEquals(6, x.nnz());
    }

    @Test
    void sublinearTermFrequency() {
        TfIdfVectorizer v = TfIdfVectorizer.fit(titlesOnly(true), corpus(), 3);
        SparseRows x = v.transformAll(corpus(), 3);
        assertEquals(0.789807, x.get(2, v.indexOf("car")), EPS);
        assertEquals(0.613356, x.get(2, v.indexOf("fast")), EPS);
    }

    @Test
    void cosinesMatchHandComputation() {
        SparseRows x = TfIdfVectorizer.fit(titlesOnly(false), corpus(), 3).transformAll(corpus(), 3);
        assertEquals(0.428046, x.dot(0, 1), EPS);
        assertEquals(0.590852, x.dot(1, 2), EPS);
        assertEquals(0.0, x.dot(0, 2), EPS);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, x.dot(i, i), EPS, "unit length");
        }
    }

    @Test
    void attributesAndBinnedNumbersBecomeTokensWithFieldWeights() {
        ItemContent c = new ItemContent("Heat (1995)", "a heist", Map.of("genre", List.of("Action", "Crime", "Action")),
                Map.of("year", 1995.0), null, null, ItemContent.UNKNOWN_TIME);
        DocumentSpec spec = new DocumentSpec(2, 0.5, 3, List.of(), Map.of("year", 10.0), 1.5, false, false, 1);
        Map<String, Double> tf = TfIdfVectorizer.termFrequencies(spec, new Tokenizer(false), c);
        assertEquals(Map.of("heat", 2.0, "1995", 2.0, "heist", 0.5, "genre=Action", 3.0, "genre=Crime", 3.0,
                "year=[1990,2000)", 1.5), tf);
        DocumentSpec onlyCrime = new DocumentSpec(0, 0, 1, List.of("other"), Map.of(), 0, false, false, 1);
        assertEquals(Map.of(), TfIdfVectorizer.termFrequencies(onlyCrime, new Tokenizer(false), c));
    }

    @Test
    void sublinearIsAppliedPerFieldBeforeWeighting() {
        ItemContent c = new ItemContent("war war war", "war", Map.of(), Map.of(), null, null, ItemContent.UNKNOWN_TIME);
        DocumentSpec spec = new DocumentSpec(0.5, 2, 0, List.of(), Map.of(), 0, false, true, 1);
        // title: 0.5 * (1 + ln 3); text: 2 * (1 + ln 1)
        assertEquals(0.5 * (1 + Math.log(3)) + 2.0,
                TfIdfVectorizer.termFrequencies(spec, new Tokenizer(false), c).get("war"), 1e-12);
    }

    @Test
    void minDfDropsRareTerms() {
        DocumentSpec spec = new DocumentSpec(1, 0, 0, List.of(), Map.of(), 0, false, false, 2);
        TfIdfVectorizer v = TfIdfVectorizer.fit(spec, corpus(), 3);
        assertEquals(2, v.numTerms()); // car, red
        SparseRows x = v.transformAll(corpus(), 3);
        assertEquals(1.0, x.get(0, v.indexOf("red")), EPS); // apple dropped, red alone has norm 1
    }

    @Test
    void newContentUsesTheFittedVocabulary() {
        TfIdfVectorizer v = TfIdfVectorizer.fit(titlesOnly(false), corpus(), 3);
        TfIdfVectorizer.Vector vec = v.transform(ItemContent.titled("Red banana"));
        assertArrayEquals(new int[] {v.indexOf("red")}, vec.terms());
        assertArrayEquals(new float[] {1f}, vec.weights(), 1e-6f);
        assertEquals(0, v.transform(ItemContent.titled("banana")).terms().length);
        assertEquals(0, v.transform(ItemContent.empty()).terms().length);
    }

    @Test
    void itemsWithoutContentGetZeroRows() {
        ItemCatalog c = corpus();
        SparseRows x = TfIdfVectorizer.fit(titlesOnly(false), c, 5).transformAll(c, 5);
        assertEquals(5, x.numRows());
        assertEquals(0, x.end(4) - x.start(4));
        // N = 5 documents now: idf(red) = ln(6/3) + 1
        TfIdfVectorizer v = TfIdfVectorizer.fit(titlesOnly(false), c, 5);
        assertEquals(Math.log(2) + 1, v.idf(v.indexOf("red")), EPS);
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new DocumentSpec(-1, 0, 0, List.of(), Map.of(), 0, false, false, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new DocumentSpec(1, 0, 0, List.of(), Map.of("year", 0.0), 0, false, false, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new DocumentSpec(1, 0, 0, List.of(), Map.of(), 0, false, false, 0));
    }

    @Test
    void transposeListsRowsPerColumn() {
        SparseRows x = new SparseRows(3, new int[] {0, 2, 3}, new int[] {0, 2, 2}, new float[] {1, 2, 3});
        SparseRows t = x.transpose();
        assertEquals(3, t.numRows());
        assertEquals(2, t.numCols());
        assertEquals(1f, t.get(0, 0));
        assertEquals(2f, t.get(2, 0));
        assertEquals(3f, t.get(2, 1));
        assertEquals(0, t.end(1) - t.start(1));
        assertThrows(IllegalArgumentException.class,
                () -> new SparseRows(3, new int[] {0, 2}, new int[] {2, 1}, new float[] {1, 2}));
    }
}
