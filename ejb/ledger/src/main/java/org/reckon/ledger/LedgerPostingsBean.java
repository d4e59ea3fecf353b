package org.reckon.ledger;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.reckon.ledger.api.LedgerPostings;
import org.reckon.shared.money.Money;

/** The ledger's published posting API, over {@link Ledger}; joins the caller's transaction. */
@Stateless
public class LedgerPostingsBean implements LedgerPostings {

    @EJB
    Ledger ledger;

    @Override
    public void recordPayIn(String paymentOrderId, String sellerAccount, Money amount) {
        ledger.recordPayIn(paymentOrderId, sellerAccount, amount);
    }

    @Override
    public void recordRefund(String refundId, String sellerAccount, Money amount) {
        ledger.recordRefund(refundId, sellerAccount, amount);
    }

    @Override
    public void recordTransferLeg(String reference, String sellerAccount, Money amount, boolean out) {
        ledger.recordTransferLeg(reference, sellerAccount, amount, out);
    }
}
