package org.reckon.wallet;

/** A wallet account as its owner and staff see it; balance is a decimal string in the currency. */
public record AccountView(String accountId, String owner, String currency, String balance, int partition) {
}
