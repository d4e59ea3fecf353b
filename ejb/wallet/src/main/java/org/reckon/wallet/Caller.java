package org.reckon.wallet;

/** Who asks: a customer sees and moves only their own wallets; staff see any. */
public record Caller(String name, boolean staff) {

    public boolean mayUse(String owner) {
        return staff || name.equals(owner);
    }
}
