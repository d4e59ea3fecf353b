package org.reckon.platform.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationLocationsTest {

    @Test
    void postgresqlGetsCommonAndItsOwnFolder() {
        assertEquals(List.of("classpath:db/migration/ledger/common", "classpath:db/migration/ledger/postgresql"),
                MigrationLocations.of("ledger", "PostgreSQL"));
    }

    @Test
    void h2GetsCommonAndItsOwnFolder() {
        assertEquals(List.of("classpath:db/migration/payment/common", "classpath:db/migration/payment/h2"),
                MigrationLocations.of("payment", "H2"));
    }

    @Test
    void anUnsupportedDatabaseIsRefusedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MigrationLocations.of("hotel", "MySQL"));
        assertEquals(true, e.getMessage().contains("MySQL"));
    }
}
