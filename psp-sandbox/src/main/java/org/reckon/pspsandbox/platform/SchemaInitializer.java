package org.reckon.pspsandbox.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Creates the sandbox's tables before anything uses them, from plain SQL
 * ({@code META-INF/psp-sandbox-schema.sql}, every statement {@code IF NOT EXISTS}, so a restart
 * changes nothing). No Flyway: this is a throwaway test double whose data may be deleted at any
 * time, and explicit DDL is easier to read than Hibernate's generated one. Bean-managed
 * transactions so the DDL runs on an auto-commit connection outside JTA. A failure fails the
 * deployment. Beans that touch the tables on their own schedule {@code @DependsOn} this one.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaInitializer {

    static final String SCRIPT = "META-INF/psp-sandbox-schema.sql";
    private static final Logger LOG = Logger.getLogger(SchemaInitializer.class.getName());

    @Resource(lookup = "java:jboss/datasources/PspSandboxDS")
    DataSource dataSource;

    @PostConstruct
    void createSchema() {
        List<String> statements = statements(script());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the PSP sandbox schema in PspSandboxDS", e);
        }
        LOG.info(() -> "PSP sandbox schema ready (" + statements.size() + " statements)");
    }

    /** Splits on semicolons that end a line; comment lines are dropped. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--"))
                .forEach(line -> withoutComments.append(line).append('\n'));
        return Arrays.stream(withoutComments.toString().split(";\\s*\n"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private String script() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + SCRIPT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
