package org.reckon.ledger.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Currency;

/**
 * An account of the journal, in one currency. Ids say what they are:
 * {@code psp-receivable:USD} (asset: money the PSP collected for us),
 * {@code seller-wallet:<seller>:USD} (liability: what we owe a seller).
 */
@Entity
@Table(name = "ledger_account")
public class LedgerAccount {

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private AccountType type;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected LedgerAccount() {
    }

    public LedgerAccount(String id, AccountType type, Currency currency, Instant createdAt) {
        this.id = id;
        this.type = type;
        this.currency = currency.getCurrencyCode();
        this.createdAt = createdAt;
    }

    public static String pspReceivable(Currency currency) {
        return "psp-receivable:" + currency.getCurrencyCode();
    }

    public static String sellerWallet(String sellerAccount, Currency currency) {
        return "seller-wallet:" + sellerAccount + ":" + currency.getCurrencyCode();
    }

    /** The clearing account of transfers between wallets: money that left one wallet and has not reached the other. */
    public static String transfersInFlight(Currency currency) {
        return "wallet-transfers-in-flight:" + currency.getCurrencyCode();
    }

    public String id() {
        return id;
    }

    public AccountType type() {
        return type;
    }

    public Currency currency() {
        return Currency.getInstance(currency);
    }

    public Instant createdAt() {
        return createdAt;
    }
}
