package org.reckon.it.objectstorage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.spi.CDI;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Rows;
import org.reckon.objectstorage.catalog.Block;
import org.reckon.objectstorage.catalog.Catalog;
import org.reckon.objectstorage.catalog.ObjectVersion;

/**
 * In the container, on the suite's PostgreSQL: {@code Catalog.commitUnversioned} sent again after
 * its first run committed, as {@code ObjectService.retrying} sends it when the answer of that run
 * was lost (a broken connection after the commit). The second run finds its own data in place: its
 * block row must stay, once, and the data it replaced must be gone.
 */
@ExtendWith(ArquillianExtension.class)
class UnversionedCommitIT {

    private static final String DS = "java:jboss/datasources/ObjectStorageDS";

    private static Block block(String dataId) {
        return new Block(dataId, 0, dataId + ".0", 4, 42, "R3", "n1,n2,n3");
    }

    @Test
    void aCommitSentAgainAfterItsAnswerWasLostKeepsItsBlockRowOnceAndTheReplacedOneGone() throws SQLException {
        Catalog catalog = CDI.current().select(Catalog.class).get();
        assertTrue(catalog.fusedCommits(), "the suite's catalog is on PostgreSQL, where PUTs commit in one statement");
        String bucket = "it-rerun-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "k";
        catalog.createBucket(bucket, "alice", "REPLICATED");
        String replaced = catalog.recordIntent();
        String mine = catalog.recordIntent();
        try {
            assertTrue(commit(catalog, bucket, key, replaced).isPresent(), "the first PUT commits");
            Optional<ObjectVersion> first = commit(catalog, bucket, key, mine);
            Optional<ObjectVersion> again = commit(catalog, bucket, key, mine);

            assertTrue(first.isPresent() && again.isPresent(), "both runs of the second PUT's commit answer its version");
            assertEquals(1, Rows.count(DS, "SELECT COUNT(*) FROM os_block WHERE data_id = ?", mine),
                    "the commit's own block row is neither deleted by its second run nor inserted twice");
            assertEquals(0, Rows.count(DS, "SELECT COUNT(*) FROM os_block WHERE data_id = ?", replaced),
                    "the replaced data's block row is gone");
            assertEquals(1, Rows.count(DS, "SELECT COUNT(*) FROM os_object WHERE bucket = ? AND object_key = ? AND data_id = ? AND is_latest",
                    bucket, key, mine), "the key's one version points at the commit's data");
            assertEquals(1, Rows.count(DS, "SELECT COUNT(*) FROM os_object WHERE bucket = ? AND object_key = ?", bucket, key));
            assertEquals(0, Rows.count(DS, "SELECT COUNT(*) FROM os_pending_data WHERE data_id IN (?, ?)", replaced, mine),
                    "no intent is left");
        } finally {
            // the block rows name no block on any node: nothing of them may stay for the scrubber to look for
            Rows.update(DS, "DELETE FROM os_block WHERE data_id IN (?, ?)", replaced, mine);
            Rows.update(DS, "DELETE FROM os_pending_data WHERE data_id IN (?, ?)", replaced, mine);
            Rows.update(DS, "DELETE FROM os_object WHERE bucket = ?", bucket);
            Rows.update(DS, "DELETE FROM os_bucket WHERE name = ?", bucket);
        }
    }

    private static Optional<ObjectVersion> commit(Catalog catalog, String bucket, String key, String dataId) throws SQLException {
        return catalog.commitUnversioned(bucket, key, dataId, 4, "etag-" + dataId, "text/plain", null, null, List.of(block(dataId)));
    }
}
