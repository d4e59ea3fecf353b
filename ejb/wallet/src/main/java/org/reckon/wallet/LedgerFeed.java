package org.reckon.wallet;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import org.reckon.ledger.api.LedgerPostings;
import org.reckon.shared.money.Money;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.engine.PartitionUnavailableException;
import org.reckon.wallet.engine.WalletEngines;

/**
 * The ledger stays the book of record: every money event of a transfer in a partition's event
 * list (a debit leaving a wallet, a credit reaching one, a compensation or cancel giving money
 * back) is posted to the double-entry ledger as a balanced journal transaction between the
 * wallet's ledger account ({@code seller-wallet:wallet-<account_id>:<currency>}, where the
 * payment context already posts every top-up) and the transfers' clearing account. The feed
 * reads the events after its position and moves the position in ONE XA transaction with the
 * ledger postings (WalletDS<i> and LedgerDS), so each event is posted exactly once; the ledger's
 * key (kind, reference = partition:event) would refuse a second posting anyway.
 */
@Stateless
public class LedgerFeed {

    static final int BATCH = 200;

    @EJB
    LedgerPostings ledger;

    /** Posts the next events of one partition; answers how many it read. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int feed(int partition) {
        try (Connection c = WalletEngines.dataSource(partition).getConnection()) {
            long from;
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM wallet_projection WHERE name = 'ledger' FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                from = rs.getLong(1);
            }
            long last = from;
            int read = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, type, account_id, amount, currency, detail FROM wallet_event"
                    + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, from);
                ps.setInt(2, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(1) != last + 1) {
                            // event numbers are dense: a gap is an XA branch still prepared (its commit
                            // pending recovery); stop before it, or its money would never reach the ledger
                            break;
                        }
                        read++;
                        last = rs.getLong(1);
                        String type = rs.getString(2);
                        boolean money = "DEBITED".equals(type) || "CREDITED".equals(type);
                        if (!money || Purpose.TOP_UP.name().equals(rs.getString(6))) {
                            continue; // top-ups reach the ledger as the payment context's pay-ins
                        }
                        Currency currency = Currency.getInstance(rs.getString(5).trim());
                        ledger.recordTransferLeg("wallet:" + partition + ":" + last, TopUps.SELLER_PREFIX + rs.getString(3),
                                Money.of(rs.getBigDecimal(4), currency.getCurrencyCode()), "DEBITED".equals(type));
                    }
                }
            }
            if (last != from) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE wallet_projection SET position = ? WHERE name = 'ledger'")) {
                    ps.setLong(1, last);
                    ps.executeUpdate();
                }
            }
            return read;
        } catch (SQLException e) {
            throw new PartitionUnavailableException(partition, "ledger feed: " + e.getMessage());
        }
    }

    /** How far the feed got in a partition (read outside any transaction). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long position(int partition) {
        try (Connection c = WalletEngines.dataSource(partition).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT position FROM wallet_projection WHERE name = 'ledger'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new PartitionUnavailableException(partition, "ledger feed: " + e.getMessage());
        }
    }
}
