package ai.affinity.data.load;

import ai.affinity.data.DataFormatException;
import ai.affinity.data.Dataset;
import ai.affinity.data.DuplicatePolicy;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.LoadReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static ai.affinity.data.load.FormatLoadersTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed and awkward input: each case names file, line and field, or is tolerated and counted. */
class BadInputTest {
    private static final ColumnMapping CSV = ColumnMapping.parse("user=user,item=item,value=rating,time=time");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private Dataset loadCsv(Path f, LoadOptions opts) throws IOException {
        return DataSources.load("csv:" + f, opts.withColumns(CSV));
    }

    @Test
    void emptyFileSaysNoEvents() throws IOException {
        write("u.data", "");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSources.load("ml-100k:" + dir, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("no events"), e.getMessage());
        assertTrue(e.file().endsWith("u.data"), e.file());
    }

    @Test
    void headerOnlyCsvSaysNoEvents() throws IOException {
        Path f = write("e.csv", "user,item,rating,time\n\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loadCsv(f, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("no events"), e.getMessage());
    }

    @Test
    void emptyCsvWithHeaderMappingSaysTheFileIsEmpty() throws IOException {
        Path f = write("e.csv", "");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loadCsv(f, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void unknownFormatListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.load("ml-5m:/nowhere", LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("unknown data format 'ml-5m'"), e.getMessage());
        assertTrue(e.getMessage().contains("ml-100k") && e.getMessage().contains("jsonl"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSources.load("no-colon", LoadOptions.defaults()));
    }

    @Test
    void missingPathAndMissingRequiredFileAreNamed() {
        NoSuchFileException missingDir = assertThrows(NoSuchFileException.class,
                () -> DataSources.load("ml-1m:" + dir.resolve("absent"), LoadOptions.defaults()));
        assertTrue(missingDir.getMessage().contains("absent"), missingDir.getMessage());
        NoSuchFileException missingFile = assertThrows(NoSuchFileException.class,
                () -> DataSources.load("ml-latest:" + dir, LoadOptions.defaults()));
        assertTrue(missingFile.getMessage().contains("ratings.csv"), missingFile.getMessage());
        NoSuchFileException missingEvents = assertThrows(NoSuchFileException.class,
                () -> DataSources.load("csv:" + dir, LoadOptions.defaults().withColumns(CSV)));
        assertTrue(missingEvents.getMessage().contains("events.csv"), missingEvents.getMessage());
    }

    @Test
    void genericFormatWithoutMappingIsRefused() throws IOException {
        Path f = write("e.csv", "a,b\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSources.load("csv:" + f, LoadOptions.defaults()));
        assertTrue(e.getMessage().contains("column mapping"), e.getMessage());
    }

    @Test
    void missingColumnsInALine() throws IOException {
        write("u.data", "1\t1\t5\t881250949\n1\t2\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSources.load("ml-100k:" + dir, LoadOptions.defaults()));
        assertEquals(2, e.line());
        assertEquals("rating", e.field());
        assertTrue(e.getMessage().contains("expected at least 4 fields"), e.getMessage());
    }

    @Test
    void missingMappedHeaderColumn() throws IOException {
        Path f = write("e.csv", "user,item,score,time\nu,i,1,0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loadCsv(f, LoadOptions.defaults()));
        assertEquals(1, e.line());
        assertEquals("rating", e.field());
        assertTrue(e.getMessage().contains("[user, item, score, time]"), e.getMessage());
        // A header problem is fatal even when bad lines are skipped.
        assertThrows(DataFormatException.class, () -> loadCsv(f, LoadOptions.defaults().withSkipBadLines(true)));
    }

    @Test
    void nonNumericRating() throws IOException {
        write("ratings.dat", "1::1::5::978300760\n1::2::five::978302109\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSources.load("ml-1m:" + dir, LoadOptions.defaults()));
        assertEquals(2, e.line());
        assertEquals("rating", e.field());
        assertTrue(e.getMessage().endsWith("expected a number; got 'five'"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("ratings.dat") + ":2"), e.getMessage());
    }

    @Test
    void nonNumericTimestamp() throws IOException {
        Path f = write("e.csv", "user,item,rating,time\nu,i,1,yesterday\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loadCsv(f, LoadOptions.defaults()));
        assertEquals("time", e.field());
        assertTrue(e.getMessage().contains("got 'yesterday'"), e.getMessage());
    }

    @Test
    void duplicateEventsAreMergedAndCounted() throws IOException {
        Path f = write("e.csv", "user,item,rating,time\nu,i,2,10\nu,i,3,20\nu,j,1,5\nu,i,1,15\n");
        Dataset last = loadCsv(f, LoadOptions.defaults());
        assertEquals(2, last.interactions().numEvents());
        assertEquals(3f, value(last, "u", "i")); // the latest event (time 20), not the last line
        assertEquals(2, last.report().duplicatesMerged());
        assertEquals(2, last.report().eventsKept());
        Dataset first = loadCsv(f, LoadOptions.defaults().withDuplicatePolicy(DuplicatePolicy.FIRST));
        assertEquals(2f, value(first, "u", "i"));
        Dataset sum = loadCsv(f, LoadOptions.defaults().withDuplicatePolicy(DuplicatePolicy.SUM));
        assertEquals(6f, value(sum, "u", "i"));
        assertEquals(2, sum.report().duplicatesMerged());
        Dataset max = loadCsv(f, LoadOptions.defaults().withDuplicatePolicy(DuplicatePolicy.MAX));
        assertEquals(3f, value(max, "u", "i"));
        // The merged event keeps the latest time.
        Interactions x = max.interactions();
        assertEquals(20L, x.timestamp(x.end(0) - 1));
    }

    @Test
    void hugeIdsAreKeptAsStrings() throws IOException {
        String user = "123456789012345678901234567890";
        String item = "-98765432109876543210";
        Path f = write("e.csv", "user,item,rating,time\n" + user + "," + item + ",1,0\n");
        Dataset d = loadCsv(f, LoadOptions.defaults());
        assertEquals(user, d.userIds().id(0));
        assertEquals(0, d.userIds().require(user));
        assertEquals(item, d.itemIds().id(d.itemIds().require(item)));
        IdMap users = d.userIds();
        Interactions again = DataSources.loadEventsInto("csv", f, users, d.itemIds(),
                LoadOptions.defaults().withColumns(CSV));
        assertTrue(again.contains(0, 0));
    }

    @Test
    void latin1TitleDecoding() throws IOException {
        write("u.data", "1\t1\t5\t881250949\n");
        Files.write(dir.resolve("u.item"), new byte[] {'1', '|', 'C', 'a', 'f', (byte) 0xE9, '|', '|', '|', 'u',
            '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0',
            '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0', '|', '1', '\n'});
        Dataset d = DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
        assertEquals("Caf\u00e9", d.items().get(0).title());
        assertEquals(List.of("Western"), d.items().get(0).categorical().get("genre"));
    }

    @Test
    void utf8FallsBackToLatin1PerLine() throws IOException {
        Files.write(dir.resolve("events.tsv"), new byte[] {'a', '\t', 'C', 'a', 'f', (byte) 0xE9, '\n',
            'b', '\t', 'C', 'a', 'f', (byte) 0xC3, (byte) 0xA9, '\n'});
        Dataset d = DataSources.load("tsv:" + dir, LoadOptions.defaults().withColumns(ColumnMapping.parse("user=0,item=1")));
        // Both spellings decode to the same id.
        assertEquals(List.of("Caf\u00e9"), d.itemIds().ids());
    }

    @Test
    void quotedCsvTitlesWithCommasAndDoubledQuotes() throws IOException {
        write("ratings.csv", "userId,movieId,rating,timestamp\n1,5,4.0,1\n");
        write("movies.csv", "movieId,title,genres\r\n5,\"Sayings, \"\"Quoted\"\" (1999)\",Drama\r\n"
                + "6,\"Two\nLines (2001)\",Comedy\r\n");
        Dataset d = DataSources.load("ml-latest:" + dir, LoadOptions.defaults());
        assertEquals("Sayings, \"Quoted\" (1999)", d.items().get(0).title());
        assertEquals(1999.0, d.items().get(0).numeric().get("year"));
        assertEquals("Two\nLines (2001)", d.items().get(1).title());
        assertEquals(List.of("Comedy"), d.items().get(1).categorical().get("genre"));
    }

    @Test
    void unclosedQuoteIsReported() throws IOException {
        Path f = write("e.csv", "user,item,rating,time\n\"u,i,1,0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loadCsv(f, LoadOptions.defaults()));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("closing quote"), e.getMessage());
    }

    @Test
    void thresholdKeepsHighRatingsAndReportsTheRest() throws IOException {
        write("u.data", "1\t1\t5\t1\n1\t2\t3\t2\n2\t1\t4\t3\n2\t2\t1\t4\n2\t3\t4.5\t5\n");
        Dataset d = DataSources.load("ml-100k:" + dir, LoadOptions.defaults().withMinValue(4f));
        assertEquals(3, d.interactions().numEvents());
        assertEquals(3, d.report().eventsKept());
        assertEquals(2, d.report().skippedTotal());
        assertEquals(2L, d.report().skipped().get("value below threshold 4.0"));
        // Users and items of dropped events keep their indexes.
        assertEquals(3, d.numItems());
        assertEquals("4.0", d.info().get("minValue"));
    }

    @Test
    void skipBadLinesCountsAndKeepsGoing() throws IOException {
        write("u.data", "1\t1\t5\t1\nbroken\n1\t2\tx\t2\n2\t1\t4\t3\n\t3\t1\t4\n");
        DataFormatException strict = assertThrows(DataFormatException.class,
                () -> DataSources.load("ml-100k:" + dir, LoadOptions.defaults()));
        assertEquals(2, strict.line());
        Dataset d = DataSources.load("ml-100k:" + dir, LoadOptions.defaults().withSkipBadLines(true));
        assertEquals(2, d.interactions().numEvents());
        assertEquals(3L, d.report().skipped().get("malformed line"));
        assertEquals(3, d.report().badLineMessages().size());
        assertTrue(d.report().badLineMessages().get(1).contains("u.data:3 field 'rating'"),
                d.report().badLineMessages().get(1));
        assertEquals(5, d.report().linesRead());
        // The bad value on line 3 must not leave item "2" behind.
        assertFalse(d.itemIds().contains("2"));
    }

    @Test
    void windowsLineEndingsAreTolerated() throws IOException {
        write("u.data", "1\t1\t5\t881250949\r\n1\t2\t3\t881250950\r\n");
        write("u.user", "1|24|M|technician|00501\r\n");
        Dataset d = DataSources.load("ml-100k:" + dir, LoadOptions.defaults());
        assertEquals(2, d.interactions().numEvents());
        assertEquals(881250950L, d.interactions().timestamp(1));
        assertEquals("00501", d.users().get(0).categorical().get("zip"));
        assertEquals(List.of("1", "2"), d.itemIds().ids());
    }

    @Test
    void blankTrailingLinesAreTolerated() throws IOException {
        write("ratings.dat", "1::1::5::978300760\n\n2::1::3::978300761\n\n\n   \n");
        Dataset d = DataSources.load("ml-1m:" + dir, LoadOptions.defaults());
        assertEquals(2, d.interactions().numEvents());
        assertEquals(6, d.report().linesRead());
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws IOException {
        write("u.data", "1\t1\t5\t1\n2\t1\t4\t3");
        assertEquals(2, DataSources.load("ml-100k:" + dir, LoadOptions.defaults()).interactions().numEvents());
    }

    @Test
    void loadEventsIntoRefusesUnknownIds() throws IOException {
        IdMap users = new IdMap();
        users.add("1");
        IdMap items = new IdMap();
        items.add("10");
        items.add("20");
        Path f = write("u1.test", "1\t10\t5\t1\n2\t10\t4\t2\n1\t30\t3\t3\n1\t20\t3\t4\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSources.loadEventsInto("ml-100k", f, users, items, LoadOptions.defaults()));
        assertEquals(2, e.line());
        assertEquals("user id", e.field());
        assertTrue(e.getMessage().contains("'2'"), e.getMessage());
        LoadReport report = new LoadReport();
        Interactions x = DataSources.loadEventsInto("ml-100k", f, users, items,
                LoadOptions.defaults().withSkipBadLines(true), report);
        assertEquals(2, x.numEvents());
        assertEquals(1, x.numUsers());
        assertEquals(2, x.numItems());
        assertEquals(2L, report.skipped().get("malformed line"));
        assertEquals(1, users.size());
        assertEquals(2, items.size());
    }

    @Test
    void badJsonLine() throws IOException {
        Path f = write("e.jsonl", "{\"u\":\"a\",\"i\":\"b\"}\n{\"u\":\"a\",\n{\"i\":\"c\"}\n");
        ColumnMapping m = ColumnMapping.parse("user=u,item=i");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSources.load("jsonl:" + f, LoadOptions.defaults().withColumns(m)));
        assertEquals(2, e.line());
        Dataset d = DataSources.load("jsonl:" + f, LoadOptions.defaults().withColumns(m).withSkipBadLines(true));
        assertEquals(1, d.interactions().numEvents());
        assertEquals(2L, d.report().skipped().get("malformed line"));
        assertTrue(d.report().badLineMessages().get(1).contains("field 'u'"), d.report().badLineMessages().get(1));
    }

    @Test
    void badMetadataLine() throws IOException {
        write("u.data", "1\t1\t5\t1\n");
        write("u.item", "1|Toy Story (1995)|1995-01-01||u|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSources.load("ml-100k:" + dir, LoadOptions.defaults()));
        assertEquals("release date", e.field());
        assertTrue(e.getMessage().contains("got '1995-01-01'"), e.getMessage());
    }
}
