package org.reckon.wallet.domain;

import java.util.List;
import java.util.stream.IntStream;
import org.reckon.platform.database.ReckonDatabase;

/**
 * The wallet context's databases, declared to the platform: one per partition
 * ({@code wallet_0 .. wallet_N-1}, datasources {@code WalletDS0 ..}), all migrated from
 * {@code db/migration/wallet/}. The wallet reads and writes them with plain JDBC (its event log is
 * append-only rows, no entities), so there is no persistence unit.
 */
public final class WalletDatabase implements ReckonDatabase {

    private final int partition;

    /** The declaration the ServiceLoader makes; it stands for every partition. */
    public WalletDatabase() {
        this(-1);
    }

    private WalletDatabase(int partition) {
        this.partition = partition;
    }

    public static WalletDatabase partition(int index) {
        return new WalletDatabase(index);
    }

    @Override
    public List<ReckonDatabase> databases() {
        return IntStream.range(0, WalletPartitions.count()).<ReckonDatabase>mapToObj(WalletDatabase::partition).toList();
    }

    @Override
    public String key() {
        return "wallet_" + partition;
    }

    @Override
    public String migrationKey() {
        return "wallet";
    }

    @Override
    public String dataSourceJndi() {
        return dataSourceJndi(partition);
    }

    public static String dataSourceJndi(int partition) {
        return "java:jboss/datasources/WalletDS" + partition;
    }

    @Override
    public String entityManagerFactoryJndi() {
        return null;
    }
}
