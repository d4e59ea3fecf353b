package org.reckon.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void everyCodeCarriesAnErrorStatusAndAUniqueType() {
        Set<String> types = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(code.status() >= 400 && code.status() < 600, code + " has status " + code.status());
            assertTrue(types.add(code.type()), "duplicate type " + code.type());
            assertTrue(code.type().matches("https://reckon\\.dev/problems/[a-z-]+"), code.type());
        }
        assertEquals(ErrorCode.values().length, types.size());
    }

    @Test
    void unclassifiedStatusesMapToTheirCodeOrAGenericOne() {
        assertEquals(ErrorCode.NOT_FOUND, ErrorCode.forStatus(404));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.forStatus(405));
        assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.forStatus(502));
        assertEquals(ErrorCode.UNPROCESSABLE, ErrorCode.forStatus(418));
        assertTrue(Arrays.stream(ErrorCode.values()).anyMatch(c -> c.status() == 503));
    }
}
