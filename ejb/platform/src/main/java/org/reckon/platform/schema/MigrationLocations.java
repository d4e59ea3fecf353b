package org.reckon.platform.schema;

import java.util.List;
import java.util.Locale;

/**
 * Where a database's migrations live: {@code db/migration/<database>/common} for SQL every
 * supported engine runs, plus {@code db/migration/<database>/<vendor>} for what only one engine
 * can express (PostgreSQL's deferrable constraints, say). Versions are unique across both.
 */
public final class MigrationLocations {

    private MigrationLocations() {
    }

    /** Vendor folder for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}. */
    static String vendor(String databaseProductName) {
        String product = databaseProductName.toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return "postgresql";
        }
        if (product.equals("h2")) {
            return "h2";
        }
        throw new IllegalStateException("Reckon does not support the database " + databaseProductName
                + "; supported are PostgreSQL (test, prod) and H2 (dev)");
    }

    public static List<String> of(String databaseKey, String databaseProductName) {
        String base = "classpath:db/migration/" + databaseKey + "/";
        return List.of(base + "common", base + vendor(databaseProductName));
    }
}
