package ai.affinity.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleTableTest {
    @Test
    void fullRankingTable() {
        String out = ConsoleTable.render(ReportFixtures.result(false));
        String first = out.lines().findFirst().orElseThrow();
        assertTrue(first.contains("tiny-fixture") && first.contains("leave-last-out")
                && first.contains("ranking: full") && first.contains("seed: 42"), first);
        assertFalse(out.toLowerCase().contains("sampled"), out);
        assertTrue(out.contains(ReportFixtures.POP), out);
        assertTrue(out.contains("iALS \"f=64\", 'fast'"), out);
        // One table per k, headline metrics as mean ± half-width: ndcg@10 of Pop is 0.1 [0.08, 0.13].
        assertTrue(out.contains("k = 5") && out.contains("k = 10") && out.contains("k = 20"), out);
        assertTrue(out.contains("ndcg@10") && out.contains("coverage@20"), out);
        assertTrue(out.contains("0.1000 ±0.0250"), out);
        assertFalse(out.contains("f1@"), "f1 is not a headline column");
        assertTrue(out.contains("n/a"), "NaN mrr@5 shows as n/a");
        // Comparisons after the tables, with signed difference and p-values.
        assertTrue(out.indexOf("Paired comparisons") > out.indexOf("k = 20"), out);
        assertTrue(out.contains("+0.0600") && out.contains("0.0123") && out.contains("3.2e-06"), out);
        out.lines().forEach(line -> assertTrue(line.length() <= 140, "too wide: " + line));
    }

    @Test
    void sampledRankingIsSaid() {
        String out = ConsoleTable.render(ReportFixtures.result(true));
        String first = out.lines().findFirst().orElseThrow();
        assertTrue(first.contains("ranking: sampled (100 negatives)"), first);
        assertTrue(out.contains("not comparable with full-ranking"), out);
    }
}
