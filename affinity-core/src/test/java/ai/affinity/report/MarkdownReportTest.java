package ai.affinity.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {
    @TempDir
    Path dir;

    @Test
    void protocolFirstThenTablesAndNote() throws IOException {
        Path file = dir.resolve("report.md");
        MarkdownReport.write(ReportFixtures.result(false), file);
        String md = Files.readString(file);
        assertTrue(md.startsWith("# Evaluation report: tiny-fixture"), md);
        int protocol = md.indexOf("## Protocol");
        assertTrue(protocol > 0 && protocol < md.indexOf("## Metrics at k = 5"), md);
        assertTrue(md.contains("- **Protocol:** leave-last-out"), md);
        assertTrue(md.contains("- **Ranking:** full"), md);
        assertTrue(md.contains("- **Seed:** 42"), md);
        assertTrue(md.contains("- **Command:** `affinity evaluate --data tiny --seed 42`"), md);
        assertTrue(md.contains("- **Machine:** test-box, 2 cores"), md);
        assertTrue(md.contains("| Model | precision@10 | recall@10 | ndcg@10 | map@10 | mrr@10 | hit@10 | coverage@10 |"), md);
        assertTrue(md.contains("0.1000 [0.0800, 0.1300]"), md);
        assertTrue(md.contains("## Comparisons") && md.contains("| p-value |") && md.contains("0.0123"), md);
        assertTrue(md.contains("## How to read this") && md.contains("bootstrap") && md.contains("paired"), md);
        // Model names are escaped: no raw HTML, no broken table cells.
        assertTrue(md.contains("Pop &amp; &lt;Top&gt;"), md);
        assertFalse(md.contains("<Top>"), md);
        assertFalse(md.toLowerCase().contains("sampled ranking"), md);
    }

    @Test
    void sampledIsStatedAtTheTop() {
        String md = MarkdownReport.render(ReportFixtures.result(true));
        int sampled = md.indexOf("Sampled ranking");
        assertTrue(sampled > 0 && sampled < md.indexOf("## Protocol"), md);
        assertTrue(md.contains("- **Ranking:** sampled (100 negatives)"), md);
    }
}
