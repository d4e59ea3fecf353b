package org.reckon.wallet;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.api.Checkouts;
import org.reckon.payment.api.NewCheckout;
import org.reckon.payment.api.Viewer;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;
import org.reckon.wallet.domain.WalletError;

/**
 * A top-up is a pay-in through the payment context (its published {@link Checkouts} API) whose
 * seller account is the wallet itself ({@value #SELLER_PREFIX}{@code <account_id>}): the customer
 * pays on the PSP's hosted page, the payment context posts the pay-in to the ledger and publishes
 * payment.succeeded, and {@code messaging.PaymentEventsConsumer} credits the wallet (a TOP_UP
 * command keyed by the payment order id, so a redelivered event credits once).
 */
@Stateless
public class TopUps {

    public static final String SELLER_PREFIX = "wallet-";
    /** The name this context gives its checkouts ({@code NewCheckout.managedBy}) and its payment events' selector. */
    public static final String CONTEXT = "wallet";

    public record TopUpView(String topUpId, String accountId, String paymentOrderId, String amount, String currency,
                            String status, String hostedPageUrl) {
    }

    @EJB
    Checkouts checkouts;

    @EJB
    Wallets wallets;

    @EJB
    TopUps self;

    /** Creates the pay-in, then waits a little for the PSP's hosted page (it is registered asynchronously). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public TopUpView start(Caller caller, String accountId, Money money) {
        AccountView account = wallets.account(accountId, caller, null, null);
        if (!account.currency().equals(money.currency().getCurrencyCode())) {
            throw new ReckonException(WalletError.CURRENCY_MISMATCH, "the account holds " + account.currency(), "currency");
        }
        if (money.amount().signum() <= 0) {
            throw new ReckonException(org.reckon.shared.ErrorCode.VALIDATION_FAILED, "must be more than zero", "amount");
        }
        String id = "wtu-" + UUID.randomUUID();
        self.create(caller, id, accountId, money);
        Viewer viewer = new Viewer(caller.name(), caller.staff());
        CheckoutView.OrderView order = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        do {
            order = checkouts.orderOnceCommitted(id + "-1", viewer, Duration.ofSeconds(2)).orElse(order);
            if (order != null && order.hostedPageUrl() != null) {
                break;
            }
            pause();
        } while (System.nanoTime() < deadline);
        return view(id, accountId, money, order);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void create(Caller caller, String id, String accountId, Money money) {
        checkouts.create(new NewCheckout(id, caller.name(), caller.name(), null, null,
                List.of(new NewCheckout.NewOrder(id + "-1", SELLER_PREFIX + accountId, money.amount().toPlainString(),
                        money.currency().getCurrencyCode())), "/wallet/", CONTEXT));
    }

    private static TopUpView view(String id, String accountId, Money money, CheckoutView.OrderView order) {
        return new TopUpView(id, accountId, id + "-1", money.amount().toPlainString(), money.currency().getCurrencyCode(),
                order == null ? "NOT_STARTED" : order.status(), order == null ? null : order.hostedPageUrl());
    }

    private static void pause() {
        try {
            Thread.sleep(100); // the PSP registers the page asynchronously; a bounded wait of 5 s at most
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
