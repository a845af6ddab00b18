package ai.affinity.data.load;

import ai.affinity.data.DataFormatException;
import ai.affinity.data.Dataset;
import ai.affinity.data.IdMap;
import ai.affinity.data.Interactions;
import ai.affinity.data.ItemCatalog;
import ai.affinity.data.ItemContent;
import ai.affinity.data.UserCatalog;
import ai.affinity.data.UserFeatures;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loaders for the GroupLens MovieLens releases: 100K ({@code u.*} files), 1M and 10M ({@code ::}
 * separated {@code .dat} files) and the "latest" CSV releases. Item and user files are read first,
 * so every listed movie and user has an index even without events; events then add any id they
 * name that was not listed (with empty content).
 */
final class MovieLens {
    /** u.genre of MovieLens 100K, used when the file is absent. */
    private static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's",
        "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
        "Romance", "Sci-Fi", "Thriller", "War", "Western"};

    /** Occupation codes of MovieLens 1M users.dat (its README). */
    private static final String[] ML1M_OCCUPATIONS = {"other", "academic/educator", "artist", "clerical/admin",
        "college/grad student", "customer service", "doctor/health care", "executive/managerial", "farmer",
        "homemaker", "K-12 student", "lawyer", "programmer", "retired", "sales/marketing", "scientist",
        "self-employed", "technician/engineer", "tradesman/craftsman", "unemployed", "writer"};

    private static final DateTimeFormatter RELEASE_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);

    static final String[] EVENT_LABELS = {"user id", "item id", "rating", "timestamp"};

    /** u.data, u1.base, u1.test ...: user, item, rating, timestamp separated by tabs. */
    static final Events.Layout ML100K_EVENTS = Events.Layout.delimited("\t", false, LineReader.Encoding.LATIN1,
            ColumnMapping.ofIndexes(0, 1, 2, 3, "\t"), EVENT_LABELS);
    /** ratings.dat of 1M: UserID::MovieID::Rating::Timestamp. */
    static final Events.Layout ML1M_EVENTS = Events.Layout.delimited("::", false, LineReader.Encoding.LATIN1,
            ColumnMapping.ofIndexes(0, 1, 2, 3, "::"), EVENT_LABELS);
    /** ratings.dat of 10M: as 1M, in UTF-8. */
    static final Events.Layout ML10M_EVENTS = Events.Layout.delimited("::", false, LineReader.Encoding.UTF8,
            ColumnMapping.ofIndexes(0, 1, 2, 3, "::"), EVENT_LABELS);
    /** ratings.csv of the latest releases, with its header. */
    static final Events.Layout LATEST_EVENTS = Events.Layout.delimited(",", true, LineReader.Encoding.UTF8,
            ColumnMapping.parse("user=userId,item=movieId,value=rating,time=timestamp,header=true"));

    private MovieLens() {
    }

    // ---------------------------------------------------------------- 100K

    static Dataset load100k(String path, LoadOptions opts) throws IOException {
        Path dir = LoadContext.requireDirectory(path, "ml-100k");
        Path data = LoadContext.requireFile(dir, "u.data", "ml-100k");
        LoadContext ctx = new LoadContext(opts, null);
        IdMap users = new IdMap(1024);
        IdMap items = new IdMap(2048);
        ItemCatalog catalog = new ItemCatalog();
        UserCatalog userCatalog = new UserCatalog();

        String[] genres = ML100K_GENRES;
        Path genreFile = LoadContext.optionalFile(dir, "u.genre");
        if (genreFile != null) {
            genres = readGenres(genreFile, ctx);
        }
        Set<String> occupations = null;
        Path occupationFile = LoadContext.optionalFile(dir, "u.occupation");
        if (occupationFile != null) {
            occupations = readOccupations(occupationFile, ctx);
        }
        Path itemFile = LoadContext.optionalFile(dir, "u.item");
        if (itemFile != null) {
            readItems100k(itemFile, genres, items, catalog, ctx);
        }
        Path userFile = LoadContext.optionalFile(dir, "u.user");
        if (userFile != null) {
            readUsers100k(userFile, occupations, users, userCatalog, ctx);
        }
        Interactions.Builder builder = ctx.newBuilder().optExpectedEvents(100_000);
        Events.read(data, ML100K_EVENTS, Events.IdResolver.adding(users, items), builder, ctx);
        return ctx.finish("ml-100k", "ml-100k", path, users, items, builder, catalog, userCatalog, null);
    }

    private static String[] readGenres(Path file, LoadContext ctx) throws IOException {
        List<String> names = new ArrayList<>();
        ctx.forEachRecord(file, LineReader.Encoding.LATIN1, "|", false, null, (f, name, line) -> {
            LoadContext.requireFields(f, 2, name, line, "genre index");
            int idx;
            try {
                idx = (int) f.parseLong(1);
            } catch (NumberFormatException e) {
                throw new DataFormatException(name, line, "genre index", "expected an integer; got '" + f.field(1) + "'");
            }
            if (idx < 0 || idx > 1000) {
                throw new DataFormatException(name, line, "genre index", "expected 0..1000; got " + idx);
            }
            while (names.size() <= idx) {
                names.add(null);
            }
            names.set(idx, f.trimmed(0));
        });
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k) == null) {
                throw new DataFormatException(file.toString(), 0, "genre index", "expected genres numbered 0.."
                        + (names.size() - 1) + " without gaps; " + k + " is missing");
            }
        }
        return names.toArray(new String[0]);
    }

    private static Set<String> readOccupations(Path file, LoadContext ctx) throws IOException {
        Set<String> names = new HashSet<>();
        ctx.forEachRecord(file, LineReader.Encoding.LATIN1, "|", false, null, (f, name, line) -> names.add(f.trimmed(0)));
        return names;
    }

    /** u.item: id|title|release date|video release date|IMDb URL|one 0/1 flag per genre. */
    private static void readItems100k(Path file, String[] genres, IdMap items, ItemCatalog catalog, LoadContext ctx)
            throws IOException {
        int fields = 5 + genres.length;
        ctx.forEachRecord(file, LineReader.Encoding.LATIN1, "|", false, null, (f, name, line) -> {
            if (f.count() != fields) {
                throw new DataFormatException(name, line, null, "expected " + fields + " fields separated by '|'"
                        + " (id, title, release date, video release date, URL, " + genres.length
                        + " genre flags); got " + f.count());
            }
            String id = requireId(f, 0, name, line, "movie id");
            List<String> itemGenres = new ArrayList<>(3);
            for (int g = 0; g < genres.length; g++) {
                String flag = f.trimmed(5 + g);
                if (flag.equals("1")) {
                    itemGenres.add(genres[g]);
                } else if (!flag.equals("0")) {
                    throw new DataFormatException(name, line, "genre " + genres[g], "expected 0 or 1; got '" + flag + "'");
                }
            }
            String title = f.trimmed(1);
            long firstSeen = ItemContent.UNKNOWN_TIME;
            Map<String, Double> numeric = new LinkedHashMap<>();
            String date = f.trimmed(2);
            if (!date.isEmpty()) {
                try {
                    LocalDate d = LocalDate.parse(date, RELEASE_DATE);
                    firstSeen = d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                    numeric.put("year", (double) d.getYear());
                } catch (DateTimeParseException e) {
                    throw new DataFormatException(name, line, "release date", "expected a date like 01-Jan-1995;"
                            + " got '" + date + "'");
                }
            } else {
                int year = yearInTitle(title);
                if (year > 0) {
                    numeric.put("year", (double) year);
                }
            }
            Map<String, List<String>> categorical = itemGenres.isEmpty() ? Map.of() : Map.of("genre", itemGenres);
            catalog.set(items.add(id), new ItemContent(title, "", categorical, numeric, null, null, firstSeen));
        });
    }

    /** u.user: id|age|gender|occupation|zip code. */
    private static void readUsers100k(Path file, Set<String> occupations, IdMap users, UserCatalog userCatalog,
                                      LoadContext ctx) throws IOException {
        ctx.forEachRecord(file, LineReader.Encoding.LATIN1, "|", false, null, (f, name, line) -> {
            LoadContext.requireFields(f, 5, name, line, "zip code");
            String id = requireId(f, 0, name, line, "user id");
            double age = parseAge(f, 1, name, line);
            String occupation = f.trimmed(3);
            if (occupations != null && !occupations.contains(occupation)) {
                throw new DataFormatException(name, line, "occupation", "expected one of u.occupation "
                        + new java.util.TreeSet<>(occupations) + "; got '" + occupation + "'");
            }
            userCatalog.set(users.add(id), features(f.trimmed(2), occupation, f.trimmed(4), age));
        });
    }

    private static UserFeatures features(String gender, String occupation, String zip, double age) {
        Map<String, String> categorical = new LinkedHashMap<>();
        putIfPresent(categorical, "gender", gender);
        putIfPresent(categorical, "occupation", occupation);
        putIfPresent(categorical, "zip", zip);
        return new UserFeatures(categorical, Map.of("age", age));
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static double parseAge(CsvSplitter f, int column, String file, long line) {
        try {
            long age = f.parseLong(column);
            if (age < 0 || age > 150) {
                throw new NumberFormatException();
            }
            return age;
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "age", "expected an integer age; got '" + f.field(column) + "'");
        }
    }

    // ---------------------------------------------------------------- 1M and 10M

    static Dataset load1m(String path, LoadOptions opts) throws IOException {
        return loadDat("ml-1m", path, opts, LineReader.Encoding.LATIN1, ML1M_EVENTS, 1_000_209);
    }

    static Dataset load10m(String path, LoadOptions opts) throws IOException {
        return loadDat("ml-10m", path, opts, LineReader.Encoding.UTF8, ML10M_EVENTS, 10_000_054);
    }

    private static Dataset loadDat(String format, String path, LoadOptions opts, LineReader.Encoding encoding,
                                   Events.Layout layout, int expectedEvents) throws IOException {
        Path dir = LoadContext.requireDirectory(path, format);
        Path ratings = LoadContext.requireFile(dir, "ratings.dat", format);
        LoadContext ctx = new LoadContext(opts, null);
        IdMap users = new IdMap(1024);
        IdMap items = new IdMap(4096);
        ItemCatalog catalog = new ItemCatalog();
        UserCatalog userCatalog = new UserCatalog();

        Path movies = LoadContext.optionalFile(dir, "movies.dat");
        if (movies != null) {
            // MovieID::Title::Genres; a title may itself contain "::"-free colons, so split at the
            // first and the last separator.
            ctx.forEachRecord(movies, encoding, "::", false, null, (f, name, line) -> {
                LoadContext.requireFields(f, 3, name, line, "genres");
                String id = requireId(f, 0, name, line, "movie id");
                String title = middle(f, 1, f.count() - 1).strip();
                catalog.set(items.add(id), movie(title, f.trimmed(f.count() - 1)));
            });
        }
        Path userFile = LoadContext.optionalFile(dir, "users.dat");
        if (userFile != null) {
            // UserID::Gender::Age::Occupation::Zip-code; age and occupation are codes (1M README).
            ctx.forEachRecord(userFile, encoding, "::", false, null, (f, name, line) -> {
                LoadContext.requireFields(f, 5, name, line, "zip code");
                String id = requireId(f, 0, name, line, "user id");
                double age = parseAge(f, 2, name, line);
                String occupation = f.trimmed(3);
                try {
                    int code = (int) f.parseLong(3);
                    if (code >= 0 && code < ML1M_OCCUPATIONS.length) {
                        occupation = ML1M_OCCUPATIONS[code];
                    }
                } catch (NumberFormatException e) {
                    // Not a code: keep the text as written.
                }
                userCatalog.set(users.add(id), features(f.trimmed(1), occupation, f.trimmed(4), age));
            });
        }
        Interactions.Builder builder = ctx.newBuilder().optExpectedEvents(Math.min(expectedEvents, 1 << 20));
        Events.read(ratings, layout, Events.IdResolver.adding(users, items), builder, ctx);

        Map<String, String> extra = new LinkedHashMap<>();
        Path tagFile = LoadContext.optionalFile(dir, "tags.dat");
        if (tagFile != null) {
            Tags tags = new Tags();
            long[] unknown = new long[1];
            // UserID::MovieID::Tag::Timestamp
            ctx.forEachRecord(tagFile, encoding, "::", false, null, (f, name, line) -> {
                LoadContext.requireFields(f, 4, name, line, "timestamp");
                int item = items.indexOf(f.trimmed(1));
                if (item < 0) {
                    unknown[0]++;
                    return;
                }
                tags.add(item, middle(f, 2, f.count() - 1));
            });
            tags.applyTo(catalog, false);
            extra.put("tagsApplied", Long.toString(tags.applied()));
            extra.put("tagsOfUnknownItems", Long.toString(unknown[0]));
        }
        return ctx.finish(format, format, path, users, items, builder, catalog, userCatalog, extra);
    }

    /** Fields {@code from..to-1} joined by the delimiter (a title or tag that contained it). */
    private static String middle(CsvSplitter f, int from, int to) {
        if (to - from == 1) {
            return f.field(from);
        }
        StringBuilder sb = new StringBuilder(f.field(from));
        for (int k = from + 1; k < to; k++) {
            sb.append(f.delimiter()).append(f.field(k));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- latest (CSV)

    static Dataset loadLatest(String path, LoadOptions opts) throws IOException {
        Path dir = LoadContext.requireDirectory(path, "ml-latest");
        Path ratings = LoadContext.requireFile(dir, "ratings.csv", "ml-latest");
        LoadContext ctx = new LoadContext(opts, null);
        IdMap users = new IdMap(1024);
        IdMap items = new IdMap(8192);
        ItemCatalog catalog = new ItemCatalog();
        UserCatalog userCatalog = new UserCatalog();

        Path movies = LoadContext.optionalFile(dir, "movies.csv");
        if (movies != null) {
            LoadContext.Header h = new LoadContext.Header("movieId", "title", "genres");
            ctx.forEachRecord(movies, LineReader.Encoding.UTF8, ",", true, h, (f, name, line) -> {
                LoadContext.requireFields(f, h.needed(), name, line, "genres");
                String id = requireId(f, h.index(0), name, line, "movieId");
                catalog.set(items.add(id), movie(f.field(h.index(1)).strip(), f.trimmed(h.index(2))));
            });
        }
        Interactions.Builder builder = ctx.newBuilder().optExpectedEvents(1 << 17);
        Events.read(ratings, LATEST_EVENTS, Events.IdResolver.adding(users, items), builder, ctx);

        Map<String, String> extra = new LinkedHashMap<>();
        Path tagFile = LoadContext.optionalFile(dir, "tags.csv");
        if (tagFile != null) {
            Tags tags = new Tags();
            long[] unknown = new long[1];
            LoadContext.Header h = new LoadContext.Header("userId", "movieId", "tag");
            ctx.forEachRecord(tagFile, LineReader.Encoding.UTF8, ",", true, h, (f, name, line) -> {
                LoadContext.requireFields(f, h.needed(), name, line, "tag");
                int item = items.indexOf(f.trimmed(h.index(1)));
                if (item < 0) {
                    unknown[0]++;
                    return;
                }
                tags.add(item, f.field(h.index(2)));
            });
            tags.applyTo(catalog, false);
            extra.put("tagsApplied", Long.toString(tags.applied()));
            extra.put("tagsOfUnknownItems", Long.toString(unknown[0]));
        }
        return ctx.finish("ml-latest", "ml-latest", path, users, items, builder, catalog, userCatalog, extra);
    }

    // ---------------------------------------------------------------- shared

    /** A movie with "|"-separated genres ("(no genres listed)" means none) and the year in its title. */
    private static ItemContent movie(String title, String genreField) {
        Map<String, List<String>> categorical = Map.of();
        if (!genreField.isEmpty() && !genreField.equals("(no genres listed)")) {
            List<String> genres = new ArrayList<>(Arrays.asList(genreField.split("\\|")));
            genres.replaceAll(String::strip);
            genres.removeIf(String::isEmpty);
            if (!genres.isEmpty()) {
                categorical = Map.of("genre", genres);
            }
        }
        int year = yearInTitle(title);
        Map<String, Double> numeric = year > 0 ? Map.of("year", (double) year) : Map.of();
        return new ItemContent(title, "", categorical, numeric, null, null, ItemContent.UNKNOWN_TIME);
    }

    /** The year of a title ending in "(1995)", or -1. */
    static int yearInTitle(String title) {
        String t = title.strip();
        int n = t.length();
        if (n < 6 || t.charAt(n - 1) != ')' || t.charAt(n - 6) != '(') {
            return -1;
        }
        int year = 0;
        for (int k = n - 5; k < n - 1; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            year = year * 10 + (c - '0');
        }
        return year;
    }

    static String requireId(CsvSplitter f, int column, String file, long line, String field) {
        String id = f.trimmed(column);
        if (id.isEmpty()) {
            throw new DataFormatException(file, line, field, "expected an id; got an empty field");
        }
        return id;
    }
}
