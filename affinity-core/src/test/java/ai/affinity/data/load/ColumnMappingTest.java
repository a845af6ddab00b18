package ai.affinity.data.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnMappingTest {
    @Test
    void namesImplyAHeader() {
        ColumnMapping m = ColumnMapping.parse("user=userId,item=movieId,value=rating,time=timestamp");
        assertEquals("userId", m.user());
        assertEquals("movieId", m.item());
        assertEquals("rating", m.value());
        assertEquals("timestamp", m.time());
        assertTrue(m.header());
        assertNull(m.delimiter());
        assertEquals(ColumnMapping.TimeFormat.EPOCH_SECONDS, m.timeFormat());
    }

    @Test
    void indexesImplyNoHeaderAndValueTimeAreOptional() {
        ColumnMapping m = ColumnMapping.parse("user=0,item=1");
        assertFalse(m.header());
        assertNull(m.value());
        assertNull(m.time());
    }

    @Test
    void delimitersAndTimeFormats() {
        assertEquals(";", ColumnMapping.parse("user=a,item=b,delimiter=;,time=t,time-format=iso").delimiter());
        assertEquals(",", ColumnMapping.parse("user=a,item=b,delimiter=,,header=true").delimiter());
        assertEquals(",", ColumnMapping.parse("user=a,item=b,delimiter=,").delimiter());
        assertEquals("\t", ColumnMapping.parse("user=0,item=1,delimiter=\\t").delimiter());
        assertEquals("\t", ColumnMapping.parse("user=0,item=1,delimiter=tab").delimiter());
        assertEquals("::", ColumnMapping.parse("user=0,item=1,delimiter=::").delimiter());
        assertEquals(ColumnMapping.TimeFormat.EPOCH_MILLIS,
                ColumnMapping.parse("user=0,item=1,time=2,time-format=epoch-millis").timeFormat());
        assertEquals(ColumnMapping.TimeFormat.ISO, ColumnMapping.parse("user=0,item=1,time-format=ISO").timeFormat());
    }

    @Test
    void specRoundTrips() {
        ColumnMapping m = ColumnMapping.parse("user=u,item=i,value=v,delimiter=,,time=t,time-format=epoch-millis");
        assertEquals(m, ColumnMapping.parse(m.toSpec()));
    }

    @Test
    void errorsNameTheProblem() {
        assertMessage("needs user", () -> ColumnMapping.parse("item=1"));
        assertMessage("needs item", () -> ColumnMapping.parse("user=1"));
        assertMessage("unknown key 'rating'", () -> ColumnMapping.parse("user=0,item=1,rating=2"));
        assertMessage("expected key=value", () -> ColumnMapping.parse("user=0,item"));
        assertMessage("unknown time-format 'days'", () -> ColumnMapping.parse("user=0,item=1,time-format=days"));
        assertMessage("header=false", () -> ColumnMapping.parse("user=userId,item=1,header=false"));
        assertMessage("given twice", () -> ColumnMapping.parse("user=0,user=1,item=2"));
        assertMessage("header must be true or false", () -> ColumnMapping.parse("user=0,item=1,header=maybe"));
        assertMessage("empty column mapping", () -> ColumnMapping.parse(" "));
    }

    @Test
    void isoTimes() {
        assertEquals(0L, ColumnMapping.TimeFormat.parseIso("1970-01-01T00:00:00Z"));
        assertEquals(86_400L + 3600L, ColumnMapping.TimeFormat.parseIso("1970-01-02 01:00:00"));
        assertEquals(86_400L, ColumnMapping.TimeFormat.parseIso("1970-01-02"));
        assertEquals(3600L, ColumnMapping.TimeFormat.parseIso("1970-01-01T00:00:00-01:00"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
