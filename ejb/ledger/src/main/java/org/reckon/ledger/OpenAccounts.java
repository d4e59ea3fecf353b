package org.reckon.ledger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of ledger accounts this server has seen committed. A posting used to read both of its
 * accounts every time, only to learn that they exist (two SELECTs in every pay-in's transaction,
 * issue 15). An account is never deleted or changed once open, and it is opened in a transaction of
 * its own ({@link LedgerAccounts#open}), so an id seen once stays true; the foreign keys of the
 * journal and the balances still refuse a posting to an account that does not exist. Bounded:
 * past {@link #LIMIT} ids it starts over, which costs a read per account again, never correctness.
 */
final class OpenAccounts {

    static final int LIMIT = 100_000;
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private OpenAccounts() {
    }

    static boolean known(String accountId) {
        return KNOWN.contains(accountId);
    }

    static void remember(String accountId) {
        if (KNOWN.size() >= LIMIT) {
            KNOWN.clear();
        }
        KNOWN.add(accountId);
    }
}
