package org.reckon.pspsandbox.problem;

/** One rejected field, named as the client wrote it ({@code card_number}, {@code amount}). */
public record Violation(String field, String message) {
}
