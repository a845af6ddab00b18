package ai.affinity.data.synthetic;

import ai.affinity.data.DataFormatException;
import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.LoadReport;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.UserFeatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AffinityDirFormatTest {
    private static Dataset tiny;

    @BeforeAll
    static void generate() {
        tiny = SyntheticGenerator.generate(SyntheticConfig.preset("tiny"), 11);
    }

    @Test
    void tinyRoundTrips(@TempDir Path dir) throws IOException {
        AffinityDirFormat.write(tiny, dir);
        for (String f : List.of("events.csv", "items.jsonl", "users.jsonl", "dataset.json", "README.txt",
                "images/i0.png", "audio/i199.wav")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        List<String> lines = Files.readAllLines(dir.resolve("events.csv"));
        assertEquals("user_id,item_id,value,timestamp", lines.get(0));
        assertEquals(tiny.interactions().numEvents() + 1, lines.size());
        assertTrue(lines.get(1).matches("u0,i\\d+,[1-5],\\d+"), lines.get(1));
        String item0 = Files.readAllLines(dir.resolve("items.jsonl")).get(0);
        assertTrue(item0.contains("\"image\":\"images/i0.png\"") && item0.contains("\"audio\":\"audio/i0.wav\""), item0);
        // 16-bit PCM: 44-byte header + 2 bytes per sample.
        assertEquals(44 + 2 * 4_000, Files.size(dir.resolve("audio/i0.wav")));

        Dataset back = AffinityDirFormat.read(dir, false);
        assertEquals("synthetic:tiny", back.name());
        assertEquals("11", back.info().get("seed"));
        assertEquals("tiny", back.info().get("preset"));
        assertEquals(tiny.interactions().numEvents(), back.report().eventsKept());
        assertEquals(0, back.report().skippedTotal());
        // Quantisation to 16 bits: at most half a step of 1/32767.
        DatasetAssertions.assertSameData(tiny, back, 0.5f / 32767 + 1e-7f);
        ItemContent.Image img = back.items().get(0).image();
        assertEquals(dir.resolve("images/i0.png").toString(), img.path());

        // Writing what was read gives byte-identical events and items (paths are relative again).
        Path again = dir.resolve("again");
        AffinityDirFormat.write(back, again);
        assertEquals(Files.readString(dir.resolve("events.csv")), Files.readString(again.resolve("events.csv")));
        assertEquals(Files.readString(dir.resolve("items.jsonl")), Files.readString(again.resolve("items.jsonl")));
        assertEquals(Files.readString(dir.resolve("users.jsonl")), Files.readString(again.resolve("users.jsonl")));
    }

    @Test
    void awkwardIdsAndImageKindsRoundTrip(@TempDir Path dir) throws IOException {
        IdMap users = new IdMap();
        users.add("anna, the \"first\"");
        users.add("bob");
        users.add("carol"); // no events
        IdMap items = new IdMap();
        items.add("x/1 ?");
        items.add("X/1 ?");
        items.add("plain");
        Interactions.Builder b = Interactions.builder().setDimensions(3, 3);
        b.add(0, 0, 2.5f, 100);
        b.add(0, 1, 0.1f, 200);
        b.add(1, 2, 1, 50);
        ItemCatalog cat = new ItemCatalog();
        byte[] grey = {0, 64, (byte) 128, (byte) 255};
        byte[] rgba = new byte[2 * 1 * 4];
        for (int k = 0; k < rgba.length; k++) {
            rgba[k] = (byte) (k * 31);
        }
        cat.set(0, new ItemContent("T", "line one\nline \"two\"", Map.of("tags", List.of("a", "b")),
                Map.of("score", Double.NaN, "n", 3.25), new ItemContent.Image(2, 2, 1, grey, null),
                new ItemContent.Audio(16_000, new float[] {0f, 0.5f, -1f, 1f}, null), 42L));
        cat.set(1, new ItemContent("", "", Map.of(), Map.of(), new ItemContent.Image(2, 1, 4, rgba, null), null,
                ItemContent.UNKNOWN_TIME));
        cat.set(2, ItemContent.titled("only a title"));
        UserCatalog uc = new UserCatalog();
        uc.set(0, new UserFeatures(Map.of("gender", "F"), Map.of("age", 31.0)));
        Dataset d = new Dataset("hand-made", users, items, b.build(), cat, uc, new LoadReport(), Map.of("k", "v"));

        AffinityDirFormat.write(d, dir);
        Dataset back = AffinityDirFormat.read(dir, false);
        DatasetAssertions.assertSameData(d, back, 0.5f / 32767 + 1e-7f);
        assertEquals("hand-made", back.name());
        assertEquals("v", back.info().get("k"));
        assertEquals(3, back.numUsers());
        assertEquals(UserFeatures.none(), back.users().get(2));
        assertNull(back.items().get(2).image());
        try (var files = Files.list(dir.resolve("images"))) {
            assertEquals(2, files.count(), "ids differing by case get distinct files");
        }
    }

    @Test
    void malformedEventLineNamesFileLineAndField(@TempDir Path dir) throws IOException {
        AffinityDirFormat.write(tiny, dir);
        Path events = dir.resolve("events.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        String[] f = lines.get(2).split(",");
        lines.set(2, f[0] + "," + f[1] + ",four," + f[3]);
        Files.write(events, lines, StandardCharsets.UTF_8);

        DataFormatException e = assertThrows(DataFormatException.class, () -> AffinityDirFormat.read(dir, false));
        assertEquals(events.toString(), e.file());
        assertEquals(3, e.line());
        assertEquals("value", e.field());
        assertTrue(e.getMessage().contains("events.csv:3") && e.getMessage().contains("'four'"), e.getMessage());

        Dataset skipped = AffinityDirFormat.read(dir, true);
        assertEquals(1L, skipped.report().skipped().get("malformed line"));
        assertEquals(1, skipped.report().badLineMessages().size());
        assertEquals(tiny.interactions().numEvents() - 1, skipped.interactions().numEvents());
        assertEquals(tiny.interactions().numEvents(), skipped.report().linesRead());
    }

    @Test
    void otherMalformedInput(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("events.csv"), "user,item,rating,time\nu,i,1,2\n");
        DataFormatException header = assertThrows(DataFormatException.class, () -> AffinityDirFormat.read(dir, true));
        assertEquals(1, header.line());

        Files.writeString(dir.resolve("events.csv"), "user_id,item_id,value,timestamp\nu,i,1,2\nu,j,1\n\"u,k,1,2\n");
        DataFormatException fields = assertThrows(DataFormatException.class, () -> AffinityDirFormat.read(dir, false));
        assertEquals(3, fields.line());
        Dataset lenient = AffinityDirFormat.read(dir, true);
        assertEquals(2L, lenient.report().skipped().get("malformed line"));
        assertEquals(1, lenient.interactions().numEvents());

        Files.writeString(dir.resolve("items.jsonl"), "{\"id\":\"i\"}\n{\"id\": \n");
        DataFormatException json = assertThrows(DataFormatException.class, () -> AffinityDirFormat.read(dir, false));
        assertTrue(json.file().endsWith("items.jsonl") && json.line() == 2, json.getMessage());
        assertEquals(3L, AffinityDirFormat.read(dir, true).report().skipped().get("malformed line"));

        Files.writeString(dir.resolve("items.jsonl"), "{\"id\":\"i\",\"image\":\"images/none.png\"}\n");
        DataFormatException missing = assertThrows(DataFormatException.class, () -> AffinityDirFormat.read(dir, false));
        assertEquals("image", missing.field());
        assertEquals(1, missing.line());
    }
}
