package org.reckon.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads the databases directly, around the application, to check what really committed. */
public final class Rows {

    public static final String PAYMENT_DS = "java:jboss/datasources/PaymentDS";
    public static final String LEDGER_DS = "java:jboss/datasources/LedgerDS";
    public static final String HOTEL_DS = "java:jboss/datasources/HotelDS";

    private Rows() {
    }

    public static long count(String dataSourceJndi, String sql, Object... parameters) {
        try (Connection connection = Jndi.lookup(dataSourceJndi, DataSource.class).getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + dataSourceJndi, e);
        }
    }

    /** Runs one UPDATE/DELETE in its own connection (autocommit) and returns the rows it changed. */
    public static int update(String dataSourceJndi, String sql, Object... parameters) {
        try (Connection connection = Jndi.lookup(dataSourceJndi, DataSource.class).getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + dataSourceJndi, e);
        }
    }

    public static long inbox(String dataSourceJndi, String consumer, String messageId) {
        return count(dataSourceJndi,
                "SELECT COUNT(*) FROM processed_message WHERE consumer = ? AND message_id = ?", consumer, messageId);
    }
}
