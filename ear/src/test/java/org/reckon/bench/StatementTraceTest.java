package org.reckon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the pay-in benchmark reads PostgreSQL's statement log: per database and transaction, XA commits included. */
class StatementTraceTest {

    @Test
    void aPreparedTransactionsCommitJoinsItAndOtherDatabasesAndDetailsAreLeftOut() {
        List<String> log = List.of(
                "@@2026-12-06 08:00:00.001 UTC|101|reckon_payment|3/10|0|LOG:  execute <unnamed>: BEGIN",
                "@@2026-12-06 08:00:00.002 UTC|101|reckon_payment|3/10|0|LOG:  execute S_1: select o from payment_order o where o.id=$1",
                "@@2026-12-06 08:00:00.002 UTC|101|reckon_payment|3/10|0|DETAIL:  parameters: $1 = 'po-1'",
                "@@2026-12-06 08:00:00.003 UTC|202|reckon_ledger|5/7|0|LOG:  statement: SELECT 1",
                "@@2026-12-06 08:00:00.004 UTC|101|reckon_payment|3/10|77|LOG:  execute S_1: select o from payment_order o where o.id=$1",
                "@@2026-12-06 08:00:00.005 UTC|101|reckon_payment|3/10|77|LOG:  execute <unnamed>: PREPARE TRANSACTION '131077_AAA_BBB'",
                "@@2026-12-06 08:00:00.006 UTC|303|postgres|9/1|0|LOG:  statement: ALTER SYSTEM RESET log_statement",
                "@@2026-12-06 08:00:00.007 UTC|101|reckon_payment|3/11|0|LOG:  execute <unnamed>: COMMIT PREPARED '131077_AAA_BBB'");

        List<StatementTrace.Transaction> transactions = StatementTrace.parse(log);

        assertEquals(2, transactions.size(), transactions.toString());
        StatementTrace.Transaction payment = transactions.get(0);
        assertEquals("reckon_payment", payment.database());
        assertEquals(Map.of("BEGIN", 1, "select o from payment_order o where o.id=$1", 2,
                "PREPARE TRANSACTION '…'", 1, "COMMIT PREPARED '…'", 1), payment.statements());
        assertEquals(5, payment.count());
        assertEquals("reckon_ledger", transactions.get(1).database());
        assertEquals(1, transactions.get(1).count());
    }

    @Test
    void literalsAreFoldedSoStatementsCountByShape() {
        assertEquals("SELECT gid FROM pg_prepared_xacts WHERE owner = '…'",
                StatementTrace.normalize("SELECT  gid FROM pg_prepared_xacts\n WHERE owner = 'reckon'"));
    }
}
