package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJBException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.sql.SQLException;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.ReckonDeployment;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Queues;
import org.reckon.it.support.Rows;

/**
 * Two-phase commit across PaymentDS, LedgerDS and the broker, on real PostgreSQL: all three
 * commit together, or none does.
 */
@ExtendWith(ArquillianExtension.class)
class XaTransactionIT {

    private static XaProbe probe() {
        return Jndi.lookup("java:global/reckon/" + ReckonDeployment.TEST_MODULE_NAME + "/XaProbe", XaProbe.class);
    }

    @Test
    void paymentLedgerAndMessageCommitTogether() throws JMSException {
        String id = UUID.randomUUID().toString();

        probe().writeBothAndSend(id);

        assertEquals(1, Rows.inbox(Rows.PAYMENT_DS, XaProbe.CONSUMER, id));
        assertEquals(1, Rows.inbox(Rows.LEDGER_DS, XaProbe.CONSUMER, id));
        Message message = Queues.take("DomainEventsAuditQueue", id, 5_000);
        assertNotNull(message, "the message committed with the databases");
        assertEquals("it.xa-probe", message.getStringProperty("reckon_message_type"));
    }

    @Test
    void failureAtPrepareInTheLedgerLeavesNothingAnywhere() {
        String id = UUID.randomUUID().toString();

        EJBException failure = assertThrows(EJBException.class, () -> probe().writeBothWithLedgerDuplicateAndSend(id));

        assertNotNull(failure);
        assertEquals(0, Rows.inbox(Rows.PAYMENT_DS, XaProbe.CONSUMER, id), "payment row rolled back");
        assertEquals(0, Rows.inbox(Rows.LEDGER_DS, XaProbe.CONSUMER, id), "ledger rows rolled back");
        assertNull(Queues.take("DomainEventsAuditQueue", id, 2_000), "no message delivered");
        assertEquals(0, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM pg_prepared_xacts"),
                "no transaction left in doubt");
    }

    @Test
    void anSqlExceptionEscapingAnEjbRollsBack() {
        String id = UUID.randomUUID().toString();

        assertThrows(SQLException.class, () -> probe().writeThenThrowSqlException(id));

        assertEquals(0, Rows.inbox(Rows.PAYMENT_DS, XaProbe.CONSUMER, id));
    }
}
