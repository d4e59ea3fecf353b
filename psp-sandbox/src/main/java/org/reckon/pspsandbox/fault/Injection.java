package org.reckon.pspsandbox.fault;

/**
 * One fault the sandbox injected: {@code kind} is {@code delayed} (held for the latency,
 * recorded when the hold begins), {@code error} (503, nothing done) or {@code dropped_response}
 * (done and committed, answer replaced by a 504); {@code nonce} is the
 * payment the request named: the nonce of a registration's body, else the id in its path
 * ({@code payments/{nonce}}, or the token for {@code payments/{token}/confirm}), else null; {@code at} is
 * ISO-8601, to the millisecond or better.
 */
public record Injection(String kind, String method, String path, String nonce, String at) {
}
