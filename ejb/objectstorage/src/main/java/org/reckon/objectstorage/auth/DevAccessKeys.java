package org.reckon.objectstorage.auth;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.objectstorage.catalog.Catalog;

/**
 * Dev only: fixed S3 key pairs from reckon.objectstorage.dev-access-keys
 * ({@code user:ACCESS_KEY_ID:SECRET[:staff],...}, set in wildfly-config/env/dev.properties), so the
 * run banner and the README can print alice's. Unset in test and prod: there keys come from
 * POST /v1/object-storage/access-keys only.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator") // the key table must exist
public class DevAccessKeys {

    private static final Logger LOG = Logger.getLogger(DevAccessKeys.class.getName());

    @Inject
    @ConfigProperty(name = "reckon.objectstorage.dev-access-keys")
    Optional<String> keys;

    @Inject
    Catalog catalog;

    @PostConstruct
    void ensure() {
        if (keys.isEmpty() || keys.get().isBlank()) return;
        for (String entry : keys.get().split(",")) {
            String[] f = entry.trim().split(":");
            if (f.length < 3) continue;
            try {
                catalog.ensureAccessKey(f[1], f[2], f[0], f.length > 3 && "staff".equals(f[3]));
                LOG.info(() -> "dev S3 access key " + f[1] + " for " + f[0]);
            } catch (SQLException e) {
                LOG.warning(() -> "dev S3 access key " + f[1] + " not created: " + e);
            }
        }
    }
}
