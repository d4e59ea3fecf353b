package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.ReckonDeployment;
import org.reckon.it.support.Rows;
import org.reckon.platform.database.ReckonDatabase;

/** Flyway owns every database's schema; Hibernate only validates against it. */
@ExtendWith(ArquillianExtension.class)
class SchemaIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return ReckonDeployment.withTest(SchemaIT.class);
    }

    @Test
    void everyDatabaseIsMigratedWithItsOwnHistory() {
        assertEquals(java.util.List.of("hotel", "ledger", "payment"),
                ReckonDatabase.all().stream().map(ReckonDatabase::key).toList(), "each context declares its database");
        for (ReckonDatabase database : ReckonDatabase.all()) {
            migrated(database);
        }
    }

    @Test
    void hibernateMappingsValidateAgainstTheMigratedSchema() {
        for (ReckonDatabase database : ReckonDatabase.all()) {
            Jndi.lookup(database.entityManagerFactoryJndi(), EntityManagerFactory.class)
                    .unwrap(SessionFactory.class)
                    .getSchemaManager()
                    .validateMappedObjects();
        }
    }

    private static void migrated(ReckonDatabase database) {
        long applied = Rows.count(database.dataSourceJndi(),
                "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version IN ('1', '1.1')");
        long failed = Rows.count(database.dataSourceJndi(), "SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success");
        assertEquals(2, applied, "common V1 and PostgreSQL V1.1 applied to " + database.key());
        assertEquals(0, failed);
        assertTrue(Rows.count(database.dataSourceJndi(),
                "SELECT COUNT(*) FROM information_schema.table_constraints WHERE constraint_name = 'pk_processed_message'"
                        + " AND is_deferrable = 'YES'") == 1, "the inbox key is deferred to commit");
    }
}
