package org.reckon.objectstorage.s3;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An HTTP date (RFC 9110's IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT}) for Last-Modified,
 * written field by field. {@code DateTimeFormatter}'s pattern printing was 2.4 % of
 * S3Servlet.service's samples in a 4 KiB PUT/GET profile; this writes the same text (HttpDateTest
 * compares the two).
 */
final class HttpDate {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private HttpDate() {}

    static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(29);
        b.append(DAYS[d.getDayOfWeek().ordinal()]).append(", ");
        two(b, d.getDayOfMonth()).append(' ').append(MONTHS[d.getMonthValue() - 1]).append(' ');
        int year = d.getYear();
        if (year < 1000) b.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        b.append(year).append(' ');
        two(b, d.getHour()).append(':');
        two(b, d.getMinute()).append(':');
        return two(b, d.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
