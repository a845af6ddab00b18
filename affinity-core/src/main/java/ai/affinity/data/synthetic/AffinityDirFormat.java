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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Affinity's native on-disk data set: a directory with
 * <ul>
 *   <li>{@code events.csv}: header {@code user_id,item_id,value,timestamp}, one event per line,
 *   grouped by user in time order; ids are quoted CSV fields when they contain a comma, quote or
 *   line break; timestamps are seconds since the epoch.</li>
 *   <li>{@code items.jsonl}: one JSON object per item in dense index order: {@code id}, {@code title},
 *   {@code text}, {@code categorical} (name → list of strings), {@code numeric} (name → number),
 *   {@code first_seen} (seconds, or null when unknown), {@code image} and {@code audio}: paths
 *   relative to the directory ({@code images/ID.png}, {@code audio/ID.wav}), absent when none.</li>
 *   <li>{@code users.jsonl}: one JSON object per user in dense index order: {@code id},
 *   {@code categorical} (name → string), {@code numeric} (name → number).</li>
 *   <li>{@code images/*.png}, {@code audio/*.wav} (16-bit PCM mono), {@code dataset.json}
 *   (format, version, name, info) and {@code README.txt}.</li>
 * </ul>
 * Reading restores ids in the same dense order, events, content (images and audio decoded into
 * pixels and samples; the in-memory path is the file's path) and user features. Users or items
 * that appear only in {@code events.csv} are appended after those of the JSONL files. Duplicate
 * (user, item) events are merged by {@link Interactions.Builder}'s default policy and counted.
 *
 * <p>Malformed input throws {@link DataFormatException} naming file, line and field; with
 * {@code skipBadLines} a malformed line is skipped and counted in the {@link LoadReport} instead.
 * Stateless and thread-safe.
 */
public final class AffinityDirFormat {
    public static final String EVENTS = "events.csv";
    public static final String ITEMS = "items.jsonl";
    public static final String USERS = "users.jsonl";
    public static final String META = "dataset.json";
    public static final String README = "README.txt";
    public static final String IMAGES_DIR = "images";
    public static final String AUDIO_DIR = "audio";
    public static final String EVENTS_HEADER = "user_id,item_id,value,timestamp";
    public static final String FORMAT = "affinity-dir";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}");

    private AffinityDirFormat() {
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@code d} into {@code dir} (created if missing; files of the same names are replaced). */
    public static void write(Dataset d, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeMeta(d, dir);
        writeEvents(d, dir.resolve(EVENTS));
        writeItems(d, dir);
        writeUsers(d, dir.resolve(USERS));
        Files.writeString(dir.resolve(README), readme(d), StandardCharsets.UTF_8);
    }

    private static void writeMeta(Dataset d, Path dir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("name", d.name());
        ObjectNode info = o.putObject("info");
        new TreeMap<>(d.info()).forEach(info::put);
        Files.writeString(dir.resolve(META), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n",
                StandardCharsets.UTF_8);
    }

    private static void writeEvents(Dataset d, Path file) throws IOException {
        Interactions x = d.interactions();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(EVENTS_HEADER);
            w.write('\n');
            StringBuilder line = new StringBuilder(64);
            for (int u = 0; u < x.numUsers(); u++) {
                String user = csvField(d.userIds().id(u));
                for (int p = x.start(u); p < x.end(u); p++) {
                    line.setLength(0);
                    line.append(user).append(',').append(csvField(d.itemIds().id(x.item(p)))).append(',');
                    appendValue(line, x.value(p));
                    line.append(',').append(x.timestamp(p)).append('\n');
                    w.append(line);
                }
            }
        }
    }

    /** Integral values without ".0" (ratings, counts); others in Float.toString's exact round-trip form. */
    private static void appendValue(StringBuilder sb, float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9f) {
            sb.append((long) v);
        } else {
            sb.append(v);
        }
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void writeItems(Dataset d, Path dir) throws IOException {
        Set<String> usedNames = new HashSet<>();
        boolean imagesDir = false;
        boolean audioDir = false;
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(ITEMS), StandardCharsets.UTF_8)) {
            for (int i = 0; i < d.numItems(); i++) {
                String id = d.itemIds().id(i);
                ItemContent c = d.items().get(i);
                ObjectNode o = JSON.createObjectNode();
                o.put("id", id);
                o.put("title", c.title());
                o.put("text", c.text());
                ObjectNode cat = o.putObject("categorical");
                new TreeMap<>(c.categorical()).forEach((k, vs) -> {
                    ArrayNode a = cat.putArray(k);
                    vs.forEach(a::add);
                });
                putNumeric(o.putObject("numeric"), c.numeric());
                if (c.firstSeen() == ItemContent.UNKNOWN_TIME) {
                    o.putNull("first_seen");
                } else {
                    o.put("first_seen", c.firstSeen());
                }
                String base = null;
                if (c.image() != null || c.audio() != null) {
                    base = fileBase(id, i, usedNames);
                }
                if (c.image() != null) {
                    if (c.image().pixels() != null) {
                        if (!imagesDir) {
                            Files.createDirectories(dir.resolve(IMAGES_DIR));
                            imagesDir = true;
                        }
                        String rel = IMAGES_DIR + "/" + base + ".png";
                        writePng(c.image(), dir.resolve(rel));
                        o.put("image", rel);
                    } else if (c.image().path() != null) {
                        o.put("image", c.image().path()); // a reference to a file kept elsewhere
                    }
                }
                if (c.audio() != null) {
                    if (c.audio().samples() != null) {
                        if (!audioDir) {
                            Files.createDirectories(dir.resolve(AUDIO_DIR));
                            audioDir = true;
                        }
                        String rel = AUDIO_DIR + "/" + base + ".wav";
                        WavCodec.write(dir.resolve(rel), c.audio().samples(), c.audio().sampleRate());
                        o.put("audio", rel);
                    } else if (c.audio().path() != null) {
                        o.put("audio", c.audio().path());
                    }
                }
                w.write(JSON.writeValueAsString(o));
                w.write('\n');
            }
        }
    }

    /** A file name for the item's media: the id when it is a safe file name, else one made unique by index. */
    private static String fileBase(String id, int index, Set<String> used) {
        String base = SAFE_NAME.matcher(id).matches() ? id : "item" + index + "_"
                + id.replaceAll("[^A-Za-z0-9._-]", "_").substring(0, Math.min(40, id.length()));
        // Case-insensitive file systems would merge names differing only by case.
        while (!used.add(base.toLowerCase(java.util.Locale.ROOT))) {
            base = base + "_" + index;
        }
        return base;
    }

    private static void putNumeric(ObjectNode o, Map<String, Double> numeric) {
        new TreeMap<>(numeric).forEach((k, v) -> {
            if (Double.isFinite(v)) {
                o.put(k, v);
            } else {
                o.put(k, v.toString()); // JSON has no NaN/Infinity; read back from the string
            }
        });
    }

    private static void writePng(ItemContent.Image img, Path file) throws IOException {
        int w = img.width();
        int h = img.height();
        int ch = img.channels();
        byte[] px = img.pixels();
        BufferedImage bi;
        if (ch == 1) {
            bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster r = bi.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.setSample(x, y, 0, px[y * w + x] & 0xFF);
                }
            }
        } else if (ch == 3 || ch == 4) {
            bi = new BufferedImage(w, h, ch == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = (y * w + x) * ch;
                    int a = ch == 4 ? px[p + 3] & 0xFF : 0xFF;
                    bi.setRGB(x, y, a << 24 | (px[p] & 0xFF) << 16 | (px[p + 1] & 0xFF) << 8 | (px[p + 2] & 0xFF));
                }
            }
        } else {
            throw new IllegalArgumentException("cannot write an image with " + ch + " channels as PNG");
        }
        if (!ImageIO.write(bi, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private static void writeUsers(Dataset d, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int u = 0; u < d.numUsers(); u++) {
                UserFeatures f = d.users().get(u);
                ObjectNode o = JSON.createObjectNode();
                o.put("id", d.userIds().id(u));
                ObjectNode cat = o.putObject("categorical");
                new TreeMap<>(f.categorical()).forEach(cat::put);
                putNumeric(o.putObject("numeric"), f.numeric());
                w.write(JSON.writeValueAsString(o));
                w.write('\n');
            }
        }
    }

    private static String readme(Dataset d) {
        return "Affinity data set '" + d.name() + "' (" + FORMAT + " format, version " + VERSION + ")\n"
                + d.numUsers() + " users, " + d.numItems() + " items, " + d.interactions().numEvents() + " events.\n\n"
                + "Files\n"
                + "  dataset.json  format, version, data set name and facts about its source (seed, preset, ...).\n"
                + "  events.csv    one event per line after the header 'user_id,item_id,value,timestamp':\n"
                + "                user and item ids (strings; CSV-quoted when they hold a comma or quote),\n"
                + "                value (rating, count, or 1 for implicit feedback), timestamp in seconds since\n"
                + "                1970-01-01 UTC. Grouped by user, in time order.\n"
                + "  items.jsonl   one JSON object per item: id, title, text, categorical (name -> list of\n"
                + "                strings, e.g. genre), numeric (name -> number, e.g. year, price), first_seen\n"
                + "                (seconds since the epoch when the item appeared, null if unknown), image and\n"
                + "                audio (paths relative to this directory, absent when the item has none).\n"
                + "  users.jsonl   one JSON object per user: id, categorical (name -> string), numeric.\n"
                + "  images/       PNG pictures referenced from items.jsonl.\n"
                + "  audio/        WAV clips (16-bit PCM mono) referenced from items.jsonl.\n\n"
                + "The order of lines in items.jsonl and users.jsonl is the order of Affinity's dense indexes.\n"
                + "Read it back with ai.affinity.data.synthetic.AffinityDirFormat.read(dir, skipBadLines).\n";
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a directory written by {@link #write}. {@code events.csv} is required; {@code items.jsonl},
     * {@code users.jsonl} and {@code dataset.json} are optional.
     *
     * @param skipBadLines skip malformed lines (counted in the report, first messages kept) instead of throwing
     * @throws DataFormatException for malformed content when {@code skipBadLines} is false, or when a
     *                             whole file is unusable (wrong header, unknown format version)
     */
    public static Dataset read(Path dir, boolean skipBadLines) throws IOException {
        Path events = dir.resolve(EVENTS);
        if (!Files.isRegularFile(events)) {
            throw new DataFormatException(events.toString(), 0, null, "missing; expected an " + FORMAT + " directory");
        }
        LoadReport report = new LoadReport();
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        Map<String, String> info = new LinkedHashMap<>();
        Path meta = dir.resolve(META);
        if (Files.isRegularFile(meta)) {
            JsonNode m;
            try {
                m = JSON.readTree(Files.readString(meta, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new DataFormatException(meta.toString(), 0, null, "invalid JSON: " + e.getOriginalMessage());
            }
            int version = m.path("version").asInt(-1);
            if (!FORMAT.equals(m.path("format").asText()) || version < 1 || version > VERSION) {
                throw new DataFormatException(meta.toString(), 0, "version", "expected format " + FORMAT
                        + " version 1.." + VERSION + ", found " + m.path("format").asText() + " " + version);
            }
            name = m.path("name").asText(name);
            Iterator<Map.Entry<String, JsonNode>> it = m.path("info").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                info.put(e.getKey(), e.getValue().asText());
            }
        }
        info.put("path", dir.toAbsolutePath().toString());
        info.put("format", FORMAT);

        IdMap itemIds = new IdMap();
        ItemCatalog items = new ItemCatalog();
        Path itemsFile = dir.resolve(ITEMS);
        if (Files.isRegularFile(itemsFile)) {
            readJsonLines(itemsFile, skipBadLines, report, (line, o) -> {
                String id = requireId(itemsFile, line, o);
                if (itemIds.contains(id)) {
                    throw new DataFormatException(itemsFile.toString(), line, "id", "duplicate item id '" + id + "'");
                }
                ItemContent c = parseItem(dir, itemsFile, line, o);
                items.set(itemIds.add(id), c);
            });
        }
        IdMap userIds = new IdMap();
        UserCatalog users = new UserCatalog();
        Path usersFile = dir.resolve(USERS);
        if (Files.isRegularFile(usersFile)) {
            readJsonLines(usersFile, skipBadLines, report, (line, o) -> {
                String id = requireId(usersFile, line, o);
                if (userIds.contains(id)) {
                    throw new DataFormatException(usersFile.toString(), line, "id", "duplicate user id '" + id + "'");
                }
                UserFeatures f = new UserFeatures(stringMap(usersFile, line, o.get("categorical")),
                        numericMap(usersFile, line, o.get("numeric")));
                users.set(userIds.add(id), f);
            });
        }

        Interactions.Builder b = Interactions.builder();
        readEvents(events, skipBadLines, report, userIds, itemIds, b);
        b.setDimensions(userIds.size(), itemIds.size());
        Interactions x = b.build();
        report.absorb(b.stats());
        items.ensureSize(itemIds.size());
        return new Dataset(name, userIds, itemIds, x, items, users, report, info);
    }

    private static void readEvents(Path file, boolean skipBadLines, LoadReport report, IdMap userIds, IdMap itemIds,
                                   Interactions.Builder b) throws IOException {
        String fname = file.toString();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header != null && header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            if (header == null || !header.strip().equals(EVENTS_HEADER)) {
                throw new DataFormatException(fname, 1, null, "expected header '" + EVENTS_HEADER + "', found '"
                        + (header == null ? "" : header) + "'");
            }
            String line;
            long lineNo = 1;
            List<String> fields = new ArrayList<>(4);
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                report.countLine();
                try {
                    splitCsv(fname, lineNo, line, fields);
                    if (fields.size() != 4) {
                        throw new DataFormatException(fname, lineNo, null, "expected 4 fields ("
                                + EVENTS_HEADER + "), found " + fields.size());
                    }
                    String user = fields.get(0);
                    String item = fields.get(1);
                    if (user.isEmpty()) {
                        throw new DataFormatException(fname, lineNo, "user_id", "empty");
                    }
                    if (item.isEmpty()) {
                        throw new DataFormatException(fname, lineNo, "item_id", "empty");
                    }
                    float value;
                    try {
                        value = Float.parseFloat(fields.get(2).strip());
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(fname, lineNo, "value", "expected a number, found '"
                                + fields.get(2) + "'");
                    }
                    long ts;
                    try {
                        ts = Long.parseLong(fields.get(3).strip());
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(fname, lineNo, "timestamp",
                                "expected an integer (seconds since the epoch), found '" + fields.get(3) + "'");
                    }
                    b.add(userIds.add(user), itemIds.add(item), value, ts);
                } catch (DataFormatException e) {
                    if (!skipBadLines) {
                        throw e;
                    }
                    report.skipBadLine(e);
                }
            }
        }
    }

    /** Splits one CSV line (RFC 4180 quoting, no embedded line breaks) into {@code out}. */
    private static void splitCsv(String file, long lineNo, String line, List<String> out) {
        out.clear();
        StringBuilder f = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            f.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DataFormatException(file, lineNo, null, "unterminated quoted field");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new DataFormatException(file, lineNo, null, "unexpected character after a quoted field");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    f.append(line.charAt(i++));
                }
            }
            out.add(f.toString());
            if (i >= n) {
                return;
            }
            i++; // the comma
        }
    }

    @FunctionalInterface
    private interface LineHandler {
        void accept(long line, JsonNode object) throws IOException;
    }

    private static void readJsonLines(Path file, boolean skipBadLines, LoadReport report, LineHandler h)
            throws IOException {
        String fname = file.toString();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode o;
                    try {
                        o = JSON.readTree(line);
                    } catch (JsonProcessingException e) {
                        throw new DataFormatException(fname, lineNo, null, "invalid JSON: " + e.getOriginalMessage());
                    }
                    if (o == null || !o.isObject()) {
                        throw new DataFormatException(fname, lineNo, null, "expected a JSON object");
                    }
                    h.accept(lineNo, o);
                } catch (DataFormatException e) {
                    if (!skipBadLines) {
                        throw e;
                    }
                    report.skipBadLine(e);
                }
            }
        }
    }

    private static String requireId(Path file, long line, JsonNode o) {
        JsonNode id = o.get("id");
        if (id == null || !id.isValueNode() || id.isNull() || id.asText().isEmpty()) {
            throw new DataFormatException(file.toString(), line, "id", "expected a non-empty string");
        }
        return id.asText();
    }

    private static String optText(Path file, long line, JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new DataFormatException(file.toString(), line, field, "expected a string");
        }
        return v.asText();
    }

    private static ItemContent parseItem(Path dir, Path file, long line, JsonNode o) throws IOException {
        String fname = file.toString();
        Map<String, List<String>> cat = new LinkedHashMap<>();
        JsonNode c = o.get("categorical");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                throw new DataFormatException(fname, line, "categorical", "expected an object of name -> list of strings");
            }
            Iterator<Map.Entry<String, JsonNode>> it = c.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> vs = new ArrayList<>();
                if (e.getValue().isArray()) {
                    for (JsonNode v : e.getValue()) {
                        vs.add(v.asText());
                    }
                } else if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    vs.add(e.getValue().asText());
                } else {
                    throw new DataFormatException(fname, line, "categorical." + e.getKey(), "expected a list of strings");
                }
                cat.put(e.getKey(), List.copyOf(vs));
            }
        }
        long firstSeen = ItemContent.UNKNOWN_TIME;
        JsonNode fs = o.get("first_seen");
        if (fs != null && !fs.isNull()) {
            if (!fs.canConvertToLong() || !fs.isIntegralNumber()) {
                throw new DataFormatException(fname, line, "first_seen", "expected an integer (seconds since the epoch) or null");
            }
            firstSeen = fs.asLong();
        }
        ItemContent.Image image = null;
        String imagePath = optText(file, line, o, "image");
        if (!imagePath.isEmpty()) {
            image = readImage(fname, line, dir.resolve(imagePath));
        }
        ItemContent.Audio audio = null;
        String audioPath = optText(file, line, o, "audio");
        if (!audioPath.isEmpty()) {
            Path p = dir.resolve(audioPath);
            if (!Files.isRegularFile(p)) {
                throw new DataFormatException(fname, line, "audio", "file not found: " + p);
            }
            try {
                WavCodec.Clip clip = WavCodec.read(p);
                audio = new ItemContent.Audio(clip.sampleRate(), clip.samples(), p.toString());
            } catch (DataFormatException e) {
                throw new DataFormatException(fname, line, "audio", e.getMessage());
            }
        }
        return new ItemContent(optText(file, line, o, "title"), optText(file, line, o, "text"), cat,
                numericMap(file, line, o.get("numeric")), image, audio, firstSeen);
    }

    /** Decodes a picture: 1 channel for grey, 4 with alpha, 3 (RGB) otherwise. */
    private static ItemContent.Image readImage(String fname, long line, Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new DataFormatException(fname, line, "image", "file not found: " + p);
        }
        BufferedImage bi = ImageIO.read(p.toFile());
        if (bi == null) {
            throw new DataFormatException(fname, line, "image", "not a readable image: " + p);
        }
        int w = bi.getWidth();
        int h = bi.getHeight();
        Raster raster = bi.getRaster();
        boolean grey = raster.getNumBands() == 1 && !bi.getColorModel().hasAlpha()
                && bi.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        int ch = grey ? 1 : bi.getColorModel().hasAlpha() ? 4 : 3;
        byte[] px = new byte[w * h * ch];
        int shift = grey ? Math.max(0, raster.getSampleModel().getSampleSize(0) - 8) : 0;
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey) {
                    px[k++] = (byte) (raster.getSample(x, y, 0) >> shift);
                } else {
                    int argb = bi.getRGB(x, y);
                    px[k++] = (byte) (argb >> 16);
                    px[k++] = (byte) (argb >> 8);
                    px[k++] = (byte) argb;
                    if (ch == 4) {
                        px[k++] = (byte) (argb >>> 24);
                    }
                }
            }
        }
        return new ItemContent.Image(w, h, ch, px, p.toString());
    }

    private static Map<String, String> stringMap(Path file, long line, JsonNode c) {
        Map<String, String> m = new LinkedHashMap<>();
        if (c == null || c.isNull()) {
            return m;
        }
        if (!c.isObject()) {
            throw new DataFormatException(file.toString(), line, "categorical", "expected an object of name -> string");
        }
        Iterator<Map.Entry<String, JsonNode>> it = c.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new DataFormatException(file.toString(), line, "categorical." + e.getKey(), "expected a string");
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static Map<String, Double> numericMap(Path file, long line, JsonNode c) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (c == null || c.isNull()) {
            return m;
        }
        if (!c.isObject()) {
            throw new DataFormatException(file.toString(), line, "numeric", "expected an object of name -> number");
        }
        Iterator<Map.Entry<String, JsonNode>> it = c.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                m.put(e.getKey(), v.asDouble());
            } else if (v.isTextual()) {
                try {
                    m.put(e.getKey(), Double.parseDouble(v.asText()));
                } catch (NumberFormatException ex) {
                    throw new DataFormatException(file.toString(), line, "numeric." + e.getKey(),
                            "expected a number, found '" + v.asText() + "'");
                }
            } else {
                throw new DataFormatException(file.toString(), line, "numeric." + e.getKey(), "expected a number");
            }
        }
        return m;
    }
}
