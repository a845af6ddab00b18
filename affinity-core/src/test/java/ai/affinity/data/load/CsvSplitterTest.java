package ai.affinity.data.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvSplitterTest {
    @Test
    void plainFieldsIncludingEmptyOnes() {
        CsvSplitter s = new CsvSplitter(",", true);
        assertEquals(4, s.split("a,,b,"));
        assertEquals("a", s.field(0));
        assertEquals("", s.field(1));
        assertEquals("b", s.field(2));
        assertEquals("", s.field(3));
        assertEquals(1, s.split(""));
    }

    @Test
    void quotedFieldsWithDelimitersAndDoubledQuotes() {
        CsvSplitter s = new CsvSplitter(",", true);
        assertEquals(3, s.split("12,\"Fake \"\"Quoted\"\" Movie, A (2000)\",Drama"));
        assertEquals("12", s.field(0));
        assertEquals("Fake \"Quoted\" Movie, A (2000)", s.field(1));
        assertEquals("Drama", s.field(2));
        assertEquals(2, s.split("\"\",\"x\""));
        assertEquals("", s.field(0));
        assertEquals("x", s.field(1));
    }

    @Test
    void unclosedQuoteAndTextAfterQuoteAreReported() {
        CsvSplitter s = new CsvSplitter(",", true);
        assertEquals(CsvSplitter.UNCLOSED_QUOTE, s.split("1,\"open"));
        assertEquals(CsvSplitter.TEXT_AFTER_QUOTE, s.split("1,\"a\"b,2"));
    }

    @Test
    void quotesAreLiteralWhenQuotingIsOff() {
        CsvSplitter s = new CsvSplitter("\t", false);
        assertEquals(2, s.split("\"a\tb\""));
        assertEquals("\"a", s.field(0));
    }

    @Test
    void multiCharacterAndCustomDelimiters() {
        CsvSplitter s = new CsvSplitter("::", false);
        assertEquals(4, s.split("1::2::3.5::978300760"));
        assertEquals(978300760L, s.parseLong(3));
        assertEquals(3.5f, s.parseFloat(2));
        CsvSplitter semi = new CsvSplitter(";", true);
        assertEquals(3, semi.split("u;\"a;b\";7"));
        assertEquals("a;b", semi.field(1));
    }

    @Test
    void numbersParseFromTheRange() {
        CsvSplitter s = new CsvSplitter(",", true);
        s.split(" 4 ,-0.25,+3,1e3,0.1,123456789.123,abc,,9223372036854775807,9223372036854775808,-9223372036854775808,4d");
        assertEquals(4f, s.parseFloat(0));
        assertEquals(-0.25f, s.parseFloat(1));
        assertEquals(3f, s.parseFloat(2));
        assertEquals(1000f, s.parseFloat(3));
        assertEquals(0.1f, s.parseFloat(4));
        assertEquals(Float.parseFloat("123456789.123"), s.parseFloat(5));
        assertThrows(NumberFormatException.class, () -> s.parseFloat(6));
        assertThrows(NumberFormatException.class, () -> s.parseFloat(7));
        assertEquals(Long.MAX_VALUE, s.parseLong(8));
        assertThrows(NumberFormatException.class, () -> s.parseLong(9));
        assertEquals(Long.MIN_VALUE, s.parseLong(10));
        assertThrows(NumberFormatException.class, () -> s.parseFloat(11));
        assertThrows(NumberFormatException.class, () -> s.parseLong(6));
        assertEquals(4L, s.parseLong(0));
    }

    @Test
    void fastFloatPathMatchesFloatParseFloat() {
        CsvSplitter s = new CsvSplitter(",", false);
        java.util.Random r = new java.util.Random(42);
        for (int k = 0; k < 10_000; k++) {
            String text = (r.nextInt(2000000) - 1000000) + "." + r.nextInt(10000);
            s.split(text);
            assertEquals(Float.parseFloat(text), s.parseFloat(0), text);
        }
    }

    @Test
    void trimmedComparisonAndBlank() {
        CsvSplitter s = new CsvSplitter(",", true);
        s.split(" 42 ,  ,\"7\"");
        assertTrue(s.trimmedEquals(0, "42"));
        assertFalse(s.trimmedEquals(0, "4"));
        assertEquals("42", s.trimmed(0));
        assertTrue(s.isBlank(1));
        assertEquals("7", s.trimmed(2));
    }
}
