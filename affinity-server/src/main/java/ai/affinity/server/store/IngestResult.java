package ai.affinity.server.store;

/**
 * What a committed batch did.
 *
 * @param accepted   events newly stored
 * @param duplicates events skipped because their client event id was already stored (idempotent retries)
 * @param lastSeq    the highest event sequence number in the store after the commit
 */
public record IngestResult(int accepted, int duplicates, long lastSeq) {
}
