package org.reckon.ledger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Currency;
import org.reckon.ledger.domain.AccountType;
import org.reckon.ledger.domain.LedgerAccount;
import org.reckon.platform.persistence.Entities;

/**
 * Opens ledger accounts in a transaction of their own. Postings on different chains run in
 * parallel, so two first postings to one new account may meet here: one inserts, the other's
 * insert fails on the primary key and it finds the account the first one committed. An account
 * opened for a posting that then rolls back stays open and empty, which changes no balance.
 */
@Stateless
public class LedgerAccounts {

    @PersistenceContext(unitName = "ledger")
    EntityManager em;

    private final Clock clock = Clock.systemUTC();

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void open(String accountId, AccountType type, Currency currency) {
        if (Entities.find(em, LedgerAccount.class, accountId) == null) {
            em.persist(new LedgerAccount(accountId, type, currency, clock.instant()));
            em.flush();
        }
    }
}
