package org.reckon.it.platform;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import org.reckon.platform.inbox.Inbox;
import org.reckon.platform.messaging.MessageSender;
import org.reckon.platform.inbox.ProcessedMessage;
import org.reckon.platform.messaging.PlatformTopic;

/**
 * A use case shaped like the payment success transaction: one container-managed transaction
 * writes to PaymentDS and LedgerDS and sends through java:/JmsXA. Deployed into the production
 * EJB module by the test, so it runs under the production ejb-jar.xml.
 */
@Stateless
public class XaProbe {

    public static final String CONSUMER = "xa-probe";

    @PersistenceContext(unitName = "payment")
    EntityManager payment;

    @PersistenceContext(unitName = "ledger")
    EntityManager ledger;

    @EJB
    MessageSender sender;

    public void writeBothAndSend(String id) {
        new Inbox(payment, Clock.systemUTC()).firstDelivery(CONSUMER, id);
        new Inbox(ledger, Clock.systemUTC()).firstDelivery(CONSUMER, id);
        sender.send(PlatformTopic.DOMAIN_EVENTS, id, "it.xa-probe", "{\"id\":\"" + id + "\"}");
    }

    /** The ledger's deferred key rejects the duplicate only when PostgreSQL prepares. */
    public void writeBothWithLedgerDuplicateAndSend(String id) {
        new Inbox(payment, Clock.systemUTC()).firstDelivery(CONSUMER, id);
        for (int i = 0; i < 2; i++) {
            ledger.createNativeQuery("INSERT INTO processed_message (consumer, message_id, processed_at) VALUES (?, ?, ?)")
                    .setParameter(1, CONSUMER)
                    .setParameter(2, id)
                    .setParameter(3, Instant.now())
                    .executeUpdate();
        }
        sender.send(PlatformTopic.DOMAIN_EVENTS, id, "it.xa-probe", "{\"id\":\"" + id + "\"}");
    }

    public void writeThenThrowSqlException(String id) throws SQLException {
        payment.persist(new ProcessedMessage(CONSUMER, id, Instant.now()));
        payment.flush();
        throw new SQLException("simulated failure after a write", "08006");
    }
}
