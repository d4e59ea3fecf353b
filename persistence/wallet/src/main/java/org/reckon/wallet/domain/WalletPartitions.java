package org.reckon.wallet.domain;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * How accounts are spread over the partitions: CRC-32 of the account id, modulo N. N is the
 * runtime property {@code reckon.wallet.partitions} (default 2); each partition needs its
 * datasource {@code WalletDS<i>}. Changing N moves accounts, so it is fixed for a deployment's life
 * (re-partitioning is not built).
 */
public final class WalletPartitions {

    public static final String PROPERTY = "reckon.wallet.partitions";

    private WalletPartitions() {
    }

    public static int count() {
        int n = Integer.getInteger(PROPERTY, 2);
        if (n < 2) {
            throw new IllegalStateException(PROPERTY + " must be 2 or more, is " + n);
        }
        return n;
    }

    public static int of(String accountId) {
        return of(accountId, count());
    }

    public static int of(String accountId, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(accountId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }
}
