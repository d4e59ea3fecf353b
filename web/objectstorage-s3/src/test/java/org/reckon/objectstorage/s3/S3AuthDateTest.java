package org.reckon.objectstorage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reckon.objectstorage.S3Exception;

/** The hand-read x-amz-date agrees with DateTimeFormatter on every valid date and refuses what it refuses. */
class S3AuthDateTest {

    @Test
    void validDatesReadAsTheFormatterReadsThem() {
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L)); // 1970 to 2100
            String text = S3Auth.AMZ_DATE.format(at);
            assertEquals(Instant.from(S3Auth.AMZ_DATE.parse(text)), S3Auth.parse(text), text);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), S3Auth.parse("20240229T235959Z"));
    }

    @Test
    void anythingElseIsAccessDenied() {
        for (String bad : new String[] {"", "20241301T000000Z", "20230229T000000Z", "20240101T240000Z", "20240101T006000Z",
                "2024010lT000000Z", "20240101 000000Z", "20240101T000000", "20240101T000000z", "20240101T0000000Z",
                "+2024101T000000Z", "-0240101T000000Z", "Mon, 01 Jan 2024 00:00:00 GMT"}) {
            S3Exception e = assertThrows(S3Exception.class, () -> S3Auth.parse(bad), bad);
            assertEquals("AccessDenied", e.code(), bad);
            assertEquals(403, e.status(), bad);
        }
    }
}
