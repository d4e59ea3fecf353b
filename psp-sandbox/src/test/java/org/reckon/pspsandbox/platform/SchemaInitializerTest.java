package org.reckon.pspsandbox.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaInitializerTest {

    @Test
    void theScriptSplitsIntoIdempotentStatements() throws IOException {
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SchemaInitializer.SCRIPT)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = SchemaInitializer.statements(script);
        assertEquals(10, statements.size());
        statements.forEach(s -> assertTrue(s.startsWith("CREATE TABLE IF NOT EXISTS") || s.startsWith("CREATE INDEX IF NOT EXISTS"), s));
        statements.forEach(s -> assertTrue(!s.contains("--") && !s.endsWith(";"), s));
    }

    @Test
    void commentLinesAndBlankStatementsAreDropped() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"),
                SchemaInitializer.statements("-- c\nCREATE TABLE a (x INT);\n\n-- d;\nCREATE INDEX i ON a (x);\n"));
    }
}
