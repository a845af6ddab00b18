package ai.affinity.data.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tiny hand-written data sets in the layouts of MovieLens and Last.fm, written into a temporary
 * directory by the tests. Every value is invented; no line comes from the real data sets (which
 * may not be redistributed, so the project never holds files of theirs).
 */
final class LoaderFixtures {
    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

    private record FixtureFile(String content, Charset charset) {
    }

    private LoaderFixtures() {
    }

    private static Map<String, FixtureFile> files(String name) {
        Map<String, FixtureFile> f = new LinkedHashMap<>();
        switch (name) {
            case "ml-100k" -> {
                f.put("u.data", utf8("1\t1\t5\t881250949\n1\t2\t3\t881250950\n2\t1\t4\t881250951\n"
                        + "2\t4\t2\t881250952\n4\t2\t1\t881250953\n"));
                // One blank line at the end, as in the real u.genre.
                f.put("u.genre", utf8("unknown|0\nAnimation|1\nComedy|2\n\n"));
                // Latin-1: "Café" is byte 0xE9; "5-Mar-1995" has a one-digit day.
                f.put("u.item", new FixtureFile("1|Toy Story (1995)|01-Jan-1995||http://example.org/1|0|1|1\n"
                        + "2|Caf\u00e9 Society (1995)|5-Mar-1995||http://example.org/2|0|0|1\n"
                        + "3|Unwatched (1996)|||http://example.org/3|1|0|0\n", LATIN_1));
                f.put("u.occupation", utf8("technician\nother\nwriter\n"));
                f.put("u.user", utf8("1|24|M|technician|00501\n2|41|F|other|10001\n3|30|F|writer|T8H1N\n"));
                f.put("u1.base", utf8("1\t1\t5\t881250949\n2\t1\t4\t881250951\n4\t2\t1\t881250953\n"));
                f.put("u1.test", utf8("1\t2\t3\t881250950\n2\t4\t2\t881250952\n"));
            }
            case "ml-1m" -> {
                f.put("movies.dat", new FixtureFile("1::Toy Story (1995)::Animation|Children's|Comedy\n"
                        + "2::Citt\u00e0 aperta (1945)::Drama|War\n", LATIN_1));
                f.put("ratings.dat", utf8("1::1::5::978000001\n1::2::3::978000002\n2::1::4::978000003\n"
                        + "3::3::2::978000004\n"));
                f.put("users.dat", utf8("1::F::1::10::11111\n2::M::56::16::22222\n"));
            }
            case "ml-latest" -> {
                f.put("movies.csv", utf8("movieId,title,genres\n"
                        + "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n"
                        + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                        + "12,\"Fake \"\"Quoted\"\" Movie, A (2000)\",(no genres listed)\n"));
                f.put("ratings.csv", utf8("userId,movieId,rating,timestamp\n1,1,4.0,964000001\n"
                        + "1,11,4.5,964000002\n2,12,0.5,1445000001\n"));
                f.put("tags.csv", utf8("userId,movieId,tag,timestamp\n2,1,pixar,1445714994\n1,1,Pixar,1445714995\n"
                        + "1,1,fun,1445714996\n2,11,\"politics, romance\",1445715000\n"));
            }
            case "lastfm-2k" -> {
                f.put("artists.dat", utf8("id\tname\turl\tpictureURL\n1\tInvented Band\thttp://example.org/a/1\t"
                        + "http://example.org/1.jpg\n2\tBj\u00f6rk\thttp://example.org/a/2\thttp://example.org/2.jpg\n"
                        + "3\tNo Plays\thttp://example.org/a/3\thttp://example.org/3.jpg\n"));
                f.put("tags.dat", utf8("tagID\ttagValue\n1\tmetal\n2\tj-rock\n3\ticelandic\n"));
                f.put("user_artists.dat", utf8("userID\tartistID\tweight\n2\t1\t13883\n2\t2\t11690\n3\t2\t250\n"));
                f.put("user_taggedartists.dat", utf8("userID\tartistID\ttagID\tday\tmonth\tyear\n"
                        + "2\t1\t2\t1\t4\t2009\n3\t1\t2\t1\t4\t2009\n2\t1\t1\t1\t4\t2009\n2\t2\t3\t1\t4\t2009\n"
                        + "2\t99\t1\t1\t4\t2009\n"));
            }
            default -> throw new IllegalArgumentException("no fixture named " + name);
        }
        return f;
    }

    private static FixtureFile utf8(String content) {
        return new FixtureFile(content, StandardCharsets.UTF_8);
    }

    /** The fixture {@code name} written under {@code root} (once; later calls reuse it). */
    static Path write(Path root, String name) {
        Path dir = root.resolve(name);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                for (Map.Entry<String, FixtureFile> e : files(name).entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), e.getValue().content(), e.getValue().charset());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
