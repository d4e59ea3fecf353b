package org.reckon.pspsandbox.fault;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * What the fault switches actually did, newest last, so a test can prove a fault happened (a
 * response really was dropped, a 5xx really was answered, and when) instead of inferring it.
 * In memory and bounded, like the switches themselves; kept across {@code reset}, because a test
 * reads them after it turned the faults off.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Injections {

    static final String DELAYED = "delayed";
    static final String ERROR = "error";
    static final String DROPPED_RESPONSE = "dropped_response";
    private static final int KEPT = 10_000;

    private final ConcurrentLinkedDeque<Injection> log = new ConcurrentLinkedDeque<>();

    public void record(String kind, String method, String path, String nonce) {
        log.addLast(new Injection(kind, method, path, nonce, Instant.now().toString()));
        while (log.size() > KEPT) {
            log.pollFirst();
        }
    }

    /** Every kept injection, or those of one payment when {@code nonce} is given. */
    public List<Injection> list(String nonce) {
        return log.stream().filter(i -> nonce == null || nonce.equals(i.nonce())).toList();
    }
}
