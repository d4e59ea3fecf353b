package org.reckon.wallet;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;
import org.reckon.wallet.api.WalletPayments;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.WalletError;
import org.reckon.wallet.domain.WalletState;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.PartitionLog;
import org.reckon.wallet.engine.PartitionOvertakenException;
import org.reckon.wallet.engine.PartitionUnavailableException;
import org.reckon.wallet.engine.WalletEngines;

/**
 * The wallet's published payment API: one command ({@code PAY:<reference>} or
 * {@code PAYMENT_REFUND:<reference>}) appended to the wallet's partition in the CALLER's JTA
 * transaction, exactly as an XA transfer appends its legs: the partition's writer is held from
 * the decision until that transaction completes (a {@link Synchronization} gives it back; after a
 * rollback the partition's state is rebuilt from its log), so the caller's change and the wallet's
 * event commit together through Narayana or not at all. A refusal appends nothing: the
 * transaction is marked rollback-only and a {@link ReckonException} is thrown. The partition's
 * memory is brought up to its log first, outside the transaction ({@link WalletEngines#loaded}):
 * after a rollback it is stale, and a rebuild cannot run inside the caller's JTA transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class WalletPaymentsBean implements WalletPayments {

    private static final String FIELD = "wallet_account";

    @EJB
    WalletEngines engines;

    @Resource
    TransactionSynchronizationRegistry registry;

    @Override
    public void pay(String payer, String walletAccount, String reference, String sellerAccount, Money amount) {
        if (walletAccount == null || walletAccount.isBlank()) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must name one of your wallets", FIELD);
        }
        PartitionEngine engine = engines.loaded(walletAccount);
        String currency = amount.currency().getCurrencyCode();
        run(engine, new Command.Pay(reference, walletAccount, amount.amount(), currency, sellerAccount), payer);
    }

    @Override
    public void refund(String walletAccount, String reference, String sellerAccount, Money amount) {
        PartitionEngine engine = engines.loaded(walletAccount);
        run(engine, new Command.Repay(reference, walletAccount, amount.amount(), amount.currency().getCurrencyCode(),
                sellerAccount), null);
    }

    private void run(PartitionEngine engine, Command command, String payer) {
        engine.beginXa();
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                engine.completeXa(status == Status.STATUS_COMMITTED);
            }
        });
        String account = command instanceof Command.Pay p ? p.account() : ((Command.Repay) command).account();
        WalletState.Account a = engine.heldState().account(account);
        if (a == null || (payer != null && !payer.equals(a.owner()))) {
            registry.setRollbackOnly();
            throw new ReckonException(ErrorCode.NOT_FOUND, "no wallet account " + account, FIELD);
        }
        PartitionEngine.XaStep step = engine.decideXa(command);
        if (!step.outcome().accepted()) {
            // the rejection's event is in memory only: the rollback rebuilds the partition from its log
            registry.setRollbackOnly();
            WalletError why = step.outcome().rejection();
            String detail = switch (why) {
                case INSUFFICIENT_FUNDS -> "the wallet holds " + Wallets.wire(a.balance(), a.currency()) + " " + a.currency()
                        + ", not enough";
                case CURRENCY_MISMATCH -> "the wallet holds " + a.currency() + ", the payment is in another currency";
                default -> why.title();
            };
            throw new ReckonException(why, detail, FIELD);
        }
        // a duplicate appends its command row with no event, as an XA transfer's retry does
        try (Connection c = WalletEngines.dataSource(engine.partition()).getConnection()) {
            engine.appendXa(c, step);
        } catch (SQLException e) {
            registry.setRollbackOnly();
            if (PartitionLog.overtaken(e)) {
                // another node's writer appended first; the caller's transaction rolls back (503), its retry
                // finds this engine reloaded (WalletEngines.loaded catches up before the step)
                throw new PartitionOvertakenException(engine.partition(), e.getMessage());
            }
            throw new PartitionUnavailableException(engine.partition(), "payment append failed: " + e.getMessage());
        }
    }
}
