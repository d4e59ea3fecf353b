package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.TestUsers;

/**
 * Issue 11, item 2: the realm stores passwords hashed (bcrypt, a salt per user), the test users
 * included, and BASIC still verifies them. Read from the identity files the server itself uses.
 */
@ExtendWith(ArquillianExtension.class)
class PasswordStorageIT {

    @Test
    void everyIdentityHasABcryptPasswordAndNoneAClearOne() throws IOException {
        Path identities = Path.of(System.getProperty("jboss.server.config.dir"), "reckon-identities");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(identities)) {
            files = walk.filter(p -> p.toString().endsWith(".xml")).toList();
        }
        assertTrue(files.size() >= 4, "the test users' identity files: " + files);
        for (Path file : files) {
            String xml = Files.readString(file);
            assertTrue(xml.contains("algorithm=\"bcrypt\""), file + " has no bcrypt password: " + xml);
            assertTrue(!xml.contains("algorithm=\"clear\""), file + " stores a clear password");
        }
        assertEquals(200, Http.send(Http.as(Http.request("/v1/reservations"), TestUsers.ALICE.user, TestUsers.ALICE.password)
                .GET()).statusCode(), "BASIC verifies the hashed password");
        assertEquals(401, Http.send(Http.as(Http.request("/v1/reservations"), TestUsers.ALICE.user, "not-" + TestUsers.ALICE.password)
                .GET()).statusCode());
    }
}
