package ai.affinity.data.load;

import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each built-in format on a tiny hand-written fixture ({@link LoaderFixtures}) written to a temp dir. */
class FormatLoadersTest {
    @TempDir
    static Path fixtures;

    static Path fixture(String name) {
        return LoaderFixtures.write(fixtures, name);
    }

    /** Value and time of the event (user, item) given by external ids; fails when absent. */
    static float value(Dataset d, String user, String item) {
        Interactions x = d.interactions();
        int u = d.userIds().require(user);
        int i = d.itemIds().require(item);
        for (int p = x.start(u); p < x.end(u); p++) {
            if (x.item(p) == i) {
                return x.value(p);
            }
        }
        throw new AssertionError("no event " + user + " -> " + item);
    }

    @Test
    void ml100k() throws IOException {
        Dataset d = DataSources.load("ml-100k:" + fixture("ml-100k"), LoadOptions.defaults());
        assertEquals("ml-100k", d.name());
        // Listed users 1..3 first, then user 4 who only appears in u.data; items likewise.
        assertEquals(List.of("1", "2", "3", "4"), d.userIds().ids());
        assertEquals(List.of("1", "2", "3", "4"), d.itemIds().ids());
        assertEquals(5, d.interactions().numEvents());
        assertEquals(4, d.items().size());
        assertEquals(4, d.users().size());
        assertEquals(5f, value(d, "1", "1"));
        assertEquals(881250950L, d.interactions().timestamp(d.interactions().start(0) + 1));

        ItemContent toy = d.items().get(0);
        assertEquals("Toy Story (1995)", toy.title());
        assertEquals(List.of("Animation", "Comedy"), toy.categorical().get("genre"));
        assertEquals(1995.0, toy.numeric().get("year"));
        assertEquals(788918400L, toy.firstSeen()); // 1995-01-01T00:00Z
        ItemContent cafe = d.items().get(1);
        assertEquals("Caf\u00e9 Society (1995)", cafe.title()); // byte 0xE9 read as ISO-8859-1
        assertEquals(794361600L, cafe.firstSeen()); // "5-Mar-1995": one-digit days occur in u.item
        ItemContent unwatched = d.items().get(2);
        assertEquals(List.of("unknown"), unwatched.categorical().get("genre"));
        assertEquals(1996.0, unwatched.numeric().get("year")); // no release date: year from the title
        assertEquals(ItemContent.UNKNOWN_TIME, unwatched.firstSeen());
        assertEquals(ItemContent.empty(), d.items().get(3));
        assertEquals(0, d.interactions().byItem().itemCount(2));

        UserFeatures u1 = d.users().get(0);
        assertEquals(24.0, u1.numeric().get("age"));
        assertEquals(Map.of("gender", "M", "occupation", "technician", "zip", "00501"), u1.categorical());
        assertEquals("T8H1N", d.users().get(2).categorical().get("zip"));
        assertTrue(d.users().get(3).isEmpty());

        assertEquals("ml-100k", d.info().get("format"));
        assertEquals(fixture("ml-100k").toString(), d.info().get("path"));
        assertEquals(5, d.report().eventsKept());
        // 4 u.genre lines (one blank) + 3 u.occupation + 3 u.item + 3 u.user + 5 u.data
        assertEquals(18, d.report().linesRead());
    }

    @Test
    void ml100kPredefinedSplitLoadsIntoTheSameIndexSpace() throws IOException {
        Dataset d = DataSources.load("ml-100k:" + fixture("ml-100k"), null);
        IdMap users = d.userIds();
        IdMap items = d.itemIds();
        Interactions train = DataSources.loadEventsInto("ml-100k", fixture("ml-100k").resolve("u1.base"), users,
                items, LoadOptions.defaults());
        Interactions test = DataSources.loadEventsInto("ml-100k", fixture("ml-100k").resolve("u1.test"), users,
                items, LoadOptions.defaults());
        assertEquals(3, train.numEvents());
        assertEquals(2, test.numEvents());
        assertEquals(4, train.numUsers());
        assertEquals(4, train.numItems());
        assertEquals(4, users.size());
        assertTrue(test.contains(users.require("2"), items.require("4")));
    }

    @Test
    void ml1m() throws IOException {
        Dataset d = DataSources.load("ml-1m:" + fixture("ml-1m"), LoadOptions.defaults());
        assertEquals(List.of("1", "2", "3"), d.itemIds().ids());
        assertEquals(List.of("1", "2", "3"), d.userIds().ids());
        assertEquals(4, d.interactions().numEvents());
        ItemContent toy = d.items().get(0);
        assertEquals(List.of("Animation", "Children's", "Comedy"), toy.categorical().get("genre"));
        assertEquals(1995.0, toy.numeric().get("year"));
        assertEquals("Citt\u00e0 aperta (1945)", d.items().get(1).title());
        UserFeatures u2 = d.users().get(1);
        assertEquals("self-employed", u2.categorical().get("occupation"));
        assertEquals(56.0, u2.numeric().get("age"));
        assertEquals("M", u2.categorical().get("gender"));
        assertEquals(ItemContent.empty(), d.items().get(2));
    }

    @Test
    void ml10mWithTags(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("movies.dat"), "1::Toy Story (1995)::Adventure|Animation\n"
                + "2::Jumanji (1995)::Adventure|Children|Fantasy\n");
        Files.writeString(dir.resolve("ratings.dat"), "1::1::5::838985046\n1::2::4.5::838983525\n");
        Files.writeString(dir.resolve("tags.dat"), "15::1::toys::1215184630\n20::1::Pixar::1215184631\n"
                + "21::1::pixar::1215184632\n22::9::orphan::1215184633\n", StandardCharsets.UTF_8);
        Dataset d = DataSources.load("ml-10m:" + dir, LoadOptions.defaults());
        assertEquals(4.5f, value(d, "1", "2"));
        assertEquals("Pixar, toys", d.items().get(0).text()); // most applied first
        assertEquals("", d.items().get(1).text());
        assertEquals("1", d.info().get("tagsOfUnknownItems"));
    }

    @Test
    void mlLatestQuotedTitlesAndTags() throws IOException {
        Dataset d = DataSources.load("ml-latest:" + fixture("ml-latest"), LoadOptions.defaults());
        assertEquals(List.of("1", "11", "12"), d.itemIds().ids());
        assertEquals("American President, The (1995)", d.items().get(1).title());
        assertEquals(List.of("Comedy", "Drama", "Romance"), d.items().get(1).categorical().get("genre"));
        assertEquals("Fake \"Quoted\" Movie, A (2000)", d.items().get(2).title());
        assertEquals(2000.0, d.items().get(2).numeric().get("year"));
        assertTrue(d.items().get(2).categorical().isEmpty());
        assertEquals("pixar, fun", d.items().get(0).text());
        assertEquals("politics, romance", d.items().get(1).text());
        assertEquals(4.5f, value(d, "1", "11"));
        assertEquals(0.5f, value(d, "2", "12"));
    }

    @Test
    void lastfm2k() throws IOException {
        Dataset d = DataSources.load("lastfm-2k:" + fixture("lastfm-2k"), LoadOptions.defaults());
        assertEquals(List.of("1", "2", "3"), d.itemIds().ids());
        assertEquals(List.of("2", "3"), d.userIds().ids());
        assertEquals(13883f, value(d, "2", "1"));
        assertEquals(0L, d.interactions().timestamp(0));
        assertEquals("Bj\u00f6rk", d.items().get(1).title());
        assertEquals(List.of("j-rock", "metal"), d.items().get(0).categorical().get("tag"));
        assertEquals("j-rock, metal", d.items().get(0).text());
        assertEquals(List.of("icelandic"), d.items().get(1).categorical().get("tag"));
        assertEquals("No Plays", d.items().get(2).title());
        assertEquals("1", d.info().get("tagsOfUnknownItems"));
    }

    @Test
    void csvWithMappingOnADirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("events.csv"), "ts;who;what;stars\n100;alice;x;4\n200;bob;y;2.5\n");
        ColumnMapping m = ColumnMapping.parse("user=who,item=what,value=stars,time=ts,delimiter=;");
        Dataset d = DataSources.load("csv:" + dir, LoadOptions.defaults().withColumns(m));
        assertEquals(List.of("alice", "bob"), d.userIds().ids());
        assertEquals(2.5f, value(d, "bob", "y"));
        assertEquals(200L, d.interactions().timestamp(1));
        assertEquals("csv", d.info().get("format"));
        assertEquals(2, d.items().size());
    }

    @Test
    void tsvByIndexWithMillisAndDefaults(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("plays.tsv");
        Files.writeString(f, "u1\ti1\t1500\nu1\ti2\t2999\n");
        ColumnMapping m = ColumnMapping.parse("user=0,item=1,time=2,time-format=epoch-millis");
        Dataset d = DataSources.load("tsv:" + f, LoadOptions.defaults().withColumns(m));
        assertEquals(1f, value(d, "u1", "i1")); // no value column: 1
        assertEquals(1L, d.interactions().timestamp(0));
        assertEquals(2L, d.interactions().timestamp(1));
    }

    @Test
    void jsonl(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("events.jsonl"), "{\"u\": 7, \"i\": \"a\", \"r\": 3.5, \"t\": \"2020-01-01T00:00:00Z\","
                + " \"extra\": {\"k\": [1, 2]}}\n{\"i\": \"b\", \"u\": \"8\", \"r\": \"2\", \"t\": \"2020-01-02\"}\n\n");
        ColumnMapping m = ColumnMapping.parse("user=u,item=i,value=r,time=t,time-format=iso");
        Dataset d = DataSources.load("jsonl:" + dir, LoadOptions.defaults().withColumns(m));
        assertEquals(List.of("7", "8"), d.userIds().ids());
        assertEquals(3.5f, value(d, "7", "a"));
        assertEquals(2f, value(d, "8", "b"));
        assertEquals(1577836800L, d.interactions().timestamp(0));
    }

    @Test
    void registeredFormatsAreListedAndLoadable(@TempDir Path dir) throws IOException {
        assertTrue(DataSources.formats().containsAll(List.of("ml-100k", "ml-1m", "ml-10m", "ml-latest", "lastfm-2k",
                "csv", "tsv", "jsonl")));
        DataSources.register("test-fixed", (path, opts) -> DataSources.load("ml-100k", path, opts));
        assertTrue(DataSources.formats().contains("test-fixed"));
        assertEquals(5, DataSources.load("TEST-FIXED:" + fixture("ml-100k"), null).interactions().numEvents());
    }

    @Test
    void headerWithIndexesSkipsTheHeaderLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("e.csv");
        Files.writeString(f, "a,b,c\nu,i,2\n");
        Dataset d = DataSources.load("csv:" + f,
                LoadOptions.defaults().withColumns(ColumnMapping.parse("user=0,item=1,value=2,header=true")));
        assertEquals(List.of("u"), d.userIds().ids());
        assertEquals(2f, value(d, "u", "i"));
        assertEquals("e.csv", d.name());
    }
}
