package org.reckon.it.ledger;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reckon.ledger.Ledger;
import org.reckon.shared.money.Money;

/**
 * A pay-in posted in a transaction that stays open, holding the chain heads' table, until the
 * test lets it commit: whoever reads the heads meanwhile waits, and reads them after the commit.
 * Deployed into the production EJB module by the test.
 */
@Stateless
public class LedgerWriterProbe {

    @PersistenceContext(unitName = "ledger")
    EntityManager em;

    @EJB
    Ledger ledger;

    public void postAndHoldTheHeads(String seller, CountDownLatch posted, CountDownLatch commit) throws InterruptedException {
        ledger.recordPayIn("snapshot-" + seller, seller, Money.of("7.00", "EUR"));
        em.createNativeQuery("LOCK TABLE journal_head IN ACCESS EXCLUSIVE MODE").executeUpdate();
        posted.countDown();
        if (!commit.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never let the posting commit");
        }
    }
}
