package ai.affinity.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real command line in-process and checks exit codes, output and written files. */
class CliEndToEndTest {
    private static CliRun.Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void helpListsEveryCommand() {
        CliRun.Result r = run("--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"data", "evaluate", "demo"}) {
            assertTrue(r.out().contains(c), c + " missing from help:\n" + r.out());
        }
        CliRun.Result data = run("data", "--help");
        assertTrue(data.out().contains("inspect") && data.out().contains("generate"));
    }

    @Test
    void evaluateWritesResultsWithTheDocumentedShape(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("eval");
        CliRun.Result r = run("evaluate", "--data", "synthetic:tiny", "--protocol", "random", "--test-fraction", "0.25",
                "--models", "pop,random", "--k", "5,10,20", "--seed", "42", "--out", out.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pop") && r.out().contains("ndcg@10"), r.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("synthetic:tiny", json.path("dataset").path("name").asText());
        assertEquals("random", json.path("protocol").path("name").asText());
        assertEquals("full", json.path("protocol").path("ranking").asText());
        JsonNode pop = json.path("models").get(0);
        assertEquals("pop", pop.path("name").asText());
        assertTrue(pop.has("params") && pop.has("fit_seconds"));
        for (String key : new String[] {"precision@10", "recall@10", "f1@10", "ndcg@10", "map@10", "mrr@10",
                "hit@10", "coverage@10", "novelty@10", "diversity@10"}) {
            assertTrue(pop.path("metrics").has(key), key);
        }
        JsonNode ndcg = pop.path("metrics").path("ndcg@10");
        assertTrue(ndcg.path("mean").asDouble() > 0);
        assertEquals(2, ndcg.path("ci95").size());
        assertTrue(pop.path("metrics").path("coverage@10").path("ci95").isNull());
        JsonNode cmp = json.path("comparisons").get(0);
        assertEquals("random", cmp.path("model").asText());
        assertEquals("pop", cmp.path("baseline").asText());
        assertTrue(cmp.path("p_value").asDouble() < 0.05);
        assertTrue(Files.size(out.resolve("report.html")) > 1000);
        assertTrue(Files.readString(out.resolve("report.md")).contains("random"));
    }

    @Test
    void sameSeedSameResults(@TempDir Path tmp) throws Exception {
        for (String name : new String[] {"a", "b"}) {
            assertEquals(0, run("evaluate", "--data", "synthetic:tiny", "--models", "pop,random", "--seed", "7",
                    "--out", tmp.resolve(name).toString()).code());
        }
        ObjectMapper m = new ObjectMapper();
        JsonNode a = m.readTree(tmp.resolve("a/results.json").toFile()).path("models");
        JsonNode b = m.readTree(tmp.resolve("b/results.json").toFile()).path("models");
        for (int i = 0; i < 2; i++) {
            assertEquals(a.get(i).path("metrics"), b.get(i).path("metrics"));
        }
    }

    @Test
    void sampledRankingIsLabelled(@TempDir Path tmp) throws Exception {
        CliRun.Result r = run("evaluate", "--data", "synthetic:tiny", "--models", "pop", "--sampled", "50", "--out",
                tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sampled"));
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("results.json").toFile());
        assertEquals("sampled", json.path("protocol").path("ranking").asText());
        assertEquals(50, json.path("protocol").path("sampled_negatives").asInt());
        assertTrue(Files.readString(tmp.resolve("report.html")).toLowerCase().contains("sampled"));
    }

    @Test
    void everyProtocolRuns(@TempDir Path tmp) {
        for (String p : new String[] {"random", "temporal", "leave-last-out", "cold-items", "cold-users"}) {
            CliRun.Result r = run("evaluate", "--data", "synthetic:tiny", "--protocol", p, "--models", "pop,random");
            assertEquals(0, r.code(), p + ": " + r.err());
            assertTrue(r.out().contains("protocol: " + p), r.out());
        }
    }

    @Test
    void ownCsvDataInspectAndBadLines(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("events.csv");
        Files.writeString(csv, "user,item,rating,ts\nu1,a,5,100\nu1,b,3,200\nu2,a,4,150\nu2,c,five,160\nu3,b,2,170\n");
        String columns = "user=user,item=item,value=rating,time=ts,header=true";
        CliRun.Result bad = run("data", "inspect", "--data", "csv:" + csv, "--columns", columns);
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("events.csv:5") && bad.err().contains("rating"), bad.err());
        assertFalse(bad.err().contains("Exception"), "no stack trace for a user mistake: " + bad.err());
        CliRun.Result skipped = run("data", "inspect", "--data", "csv:" + csv, "--columns", columns, "--skip-bad-lines");
        assertEquals(0, skipped.code(), skipped.err());
        assertTrue(skipped.out().contains("events        4"), skipped.out());
        assertTrue(skipped.out().contains("malformed line: 1"), skipped.out());
        CliRun.Result threshold = run("data", "inspect", "--data", "csv:" + csv, "--columns", columns, "--skip-bad-lines",
                "--min-value", "4");
        assertTrue(threshold.out().contains("events        2"), threshold.out());
    }

    @Test
    void unknownFormatAndMissingPathAreClearErrors(@TempDir Path tmp) {
        CliRun.Result unknown = run("data", "inspect", "--data", "parquet:" + tmp);
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown data format") && unknown.err().contains("ml-100k"), unknown.err());
        CliRun.Result missing = run("data", "inspect", "--data", "ml-100k:" + tmp.resolve("nope"));
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope"), missing.err());
        CliRun.Result badModel = run("evaluate", "--data", "synthetic:tiny", "--models", "nosuchmodel");
        assertEquals(2, badModel.code());
        assertTrue(badModel.err().contains("unknown model"), badModel.err());
    }

    @Test
    void generateThenEvaluateTheWrittenDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tiny");
        CliRun.Result gen = run("data", "generate", "synthetic:tiny", "--out", dir.toString(), "--seed", "3");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(Files.exists(dir.resolve("events.csv")) && Files.exists(dir.resolve("items.jsonl")));
        CliRun.Result inspect = run("data", "inspect", "--data", "affinity:" + dir);
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("with images"), inspect.out());
        CliRun.Result eval = run("evaluate", "--data", "affinity:" + dir, "--models", "pop");
        assertEquals(0, eval.code(), eval.err());
    }

    @Test
    void predefinedSplitFromFiles(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("events.csv");
        Files.writeString(data, "u1,a\nu1,b\nu1,c\nu2,a\nu2,b\nu3,c\nu3,a\n");
        Path train = tmp.resolve("train.csv");
        Files.writeString(train, "u1,a\nu1,b\nu2,a\nu3,c\n");
        Path test = tmp.resolve("test.csv");
        Files.writeString(test, "u1,c\nu2,b\nu3,a\n");
        CliRun.Result r = run("evaluate", "--data", "csv:" + data, "--columns", "user=0,item=1,header=false", "--train",
                train.toString(), "--test", test.toString(), "--models", "pop", "--k", "1,2", "--out", tmp.resolve("o").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("o/results.json").toFile());
        assertEquals("predefined", json.path("protocol").path("name").asText());
        // pop from train: a=2, b=1, c=1. u1 (saw a,b) gets [c]: hit. u2 (saw a) gets [b, c]: hit at 1.
        // u3 (saw c) gets [a, b]: hit at 1. So hit@1 = 1.
        assertEquals(1.0, json.path("models").get(0).path("metrics").path("hit@1").path("mean").asDouble(), 1e-12);
    }

    @Test
    void movieLensPredefinedSplitWhenDataPresent() {
        Path dir = Path.of(System.getProperty("affinity.shared.data", "../shared/data")).resolve("ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("u1.base")),
                "MovieLens 100K not found at " + dir + "; skipping");
        CliRun.Result r = run("evaluate", "--data", "ml-100k:" + dir, "--train", dir.resolve("u1.base").toString(),
                "--test", dir.resolve("u1.test").toString(), "--models", "pop");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("predefined"), r.out());
    }

    @Test
    void demoWritesAReport(@TempDir Path tmp) {
        // The demo's shortened compare is CompareCommandTest's subject; here only the evaluate part runs.
        CliRun.Result r = run("demo", "--size", "tiny", "--no-compare", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("report.html"));
        assertTrue(Files.exists(tmp.resolve("report.html")) && Files.exists(tmp.resolve("results.json")));
    }
}
