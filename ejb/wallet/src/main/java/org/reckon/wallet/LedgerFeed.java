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
import org.reckon.wallet.domain.Command;
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
 * key (kind, reference = partition:event) would refuse a second posting anyway. A payment to a
 * seller (a wallet-paid reservation) is two legs, wallet to clearing and clearing to the seller's
 * wallet (the account a card pay-in credits), its seller read from the command's body; a refund of
 * it the reverse.
 */
@Stateless
public class LedgerFeed {

    /**
     * Events read per XA transaction. Each leg's posting runs the ledger's JPQL lookups of
     * (kind, reference), and each lookup auto-flushes the persistence context, which holds every
     * journal transaction, entry and balance already posted in this transaction: the dirty checking
     * grows with the batch, so a batch's cost grows with its square. At 200 events it was a quarter of
     * the server's CPU under the 2-hot-accounts load (JFR, issue 12); 50 keeps the flushes short while
     * the XA transaction's own cost stays spread over many events.
     */
    static final int BATCH = 50;
    /** The batch before issue 12's hot-account fix, for the benchmark's same-run "before" ({@link Wallets#HOT_FIX_OFF}). */
    static final int BATCH_BEFORE = 200;

    static int batch() {
        return Boolean.getBoolean(Wallets.HOT_FIX_OFF) ? BATCH_BEFORE : BATCH;
    }

    @EJB
    LedgerPostings ledger;

    /** Posts the next events of one partition (at most {@link #batch()}); answers how many it read. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int feed(int partition) {
        int batch = batch();
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
            try (PreparedStatement ps = c.prepareStatement("SELECT e.seq, e.type, e.account_id, e.amount, e.currency, e.detail, c.body"
                    + " FROM wallet_event e LEFT JOIN wallet_command c ON c.seq = e.command_seq"
                    + " WHERE e.seq > ? ORDER BY e.seq LIMIT ?")) {
                ps.setLong(1, from);
                ps.setInt(2, batch);
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
                        Money amount = Money.of(rs.getBigDecimal(4), currency.getCurrencyCode());
                        String reference = "wallet:" + partition + ":" + last;
                        String wallet = TopUps.SELLER_PREFIX + rs.getString(3);
                        String purpose = rs.getString(6);
                        if (Purpose.PAYMENT.name().equals(purpose)) {
                            // the wallet pays a seller: wallet -> clearing -> the seller's wallet, where a card pay-in lands too
                            ledger.recordTransferLeg(reference, wallet, amount, true);
                            ledger.recordTransferLeg(reference + ":seller", seller(rs.getString(7)), amount, false);
                        } else if (Purpose.PAYMENT_REFUND.name().equals(purpose)) {
                            ledger.recordTransferLeg(reference + ":seller", seller(rs.getString(7)), amount, true);
                            ledger.recordTransferLeg(reference, wallet, amount, false);
                        } else {
                            ledger.recordTransferLeg(reference, wallet, amount, "DEBITED".equals(type));
                        }
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

    /** The seller of a PAY or REPAY command, from its canonical body. */
    private static String seller(String commandBody) {
        Command c = Command.parse(commandBody);
        if (c instanceof Command.Pay p) {
            return p.seller();
        }
        if (c instanceof Command.Repay r) {
            return r.seller();
        }
        throw new IllegalStateException("a payment event whose command is not a payment: " + commandBody);
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
