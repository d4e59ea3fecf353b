package org.reckon.wallet.domain;

import org.reckon.shared.ProblemCode;

/** The wallet context's own problem codes. A rejected command changes no balance. */
public enum WalletError implements ProblemCode {
    INSUFFICIENT_FUNDS(422, "Insufficient funds"),
    TRANSACTION_ID_REUSED(422, "This transaction_id was used with another request"),
    CURRENCY_MISMATCH(422, "The currency is not the account's"),
    UNKNOWN_ACCOUNT(422, "No such wallet account"),
    SAME_ACCOUNT(422, "from_account and to_account are the same"),
    CANCELLED_BEFORE_TRY(422, "The transfer was cancelled before its Try arrived"),
    PARTITION_UNAVAILABLE(503, "The wallet partition is unavailable");

    private final int status;
    private final String title;

    WalletError(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
