package org.reckon.wallet.domain;

import java.util.List;

/**
 * The state machine's answer to one command: accepted or rejected with a reason, the events it
 * emitted (none for a duplicate, which answers what the first command did), and whether it was a
 * duplicate.
 */
public record Outcome(String commandKey, WalletError rejection, boolean duplicate, List<Event> events) {

    public boolean accepted() {
        return rejection == null;
    }
}
