package org.reckon.objectstorage.s3;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** A small writer of S3's XML answers (namespace http://s3.amazonaws.com/doc/2006-03-01/). */
final class Xml {

    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private final StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    Xml open(String name) {
        b.append('<').append(name).append('>');
        return this;
    }

    Xml root(String name) {
        b.append('<').append(name).append(" xmlns=\"").append(NS).append("\">");
        return this;
    }

    Xml close(String name) {
        b.append("</").append(name).append('>');
        return this;
    }

    Xml element(String name, Object value) {
        if (value == null) return this;
        b.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        return this;
    }

    /** Raw, already well-formed XML. */
    Xml append(String xml) {
        b.append(xml);
        return this;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out.append("&#x").append(Integer.toHexString(c)).append(';');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }

    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
