package org.reckon.it.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Rows;

/**
 * What a refused request must leave exactly as it was, read straight from the three databases:
 * how many checkouts, orders, refunds, journal transactions, hotels, room types, rooms (and rooms
 * in service), reservation orders and reservations exist; the status and refunded amount of every
 * fixture payment; the status of every fixture reservation; the fixture room type's reserved
 * rooms and the scratch room type's rates. Taken before and after each refused cell.
 */
final class State {

    private State() {
    }

    static String of(World w) {
        StringBuilder s = new StringBuilder();
        s.append(text(Rows.PAYMENT_DS, "SELECT (SELECT COUNT(*) FROM payment_event) || '/' || (SELECT COUNT(*) FROM payment_order)"
                + " || '/' || (SELECT COUNT(*) FROM payment_refund)"));
        for (String order : new String[] {w.alicePayment.orderId(), w.bobPayment.orderId(), "reservation-" + w.alicePending + "-1",
                "reservation-" + w.alicePaid + "-1", "reservation-" + w.bobPending + "-1"}) {
            s.append(' ').append(text(Rows.PAYMENT_DS,
                    "SELECT status || ':' || refunded_amount FROM payment_order WHERE payment_order_id = ?", order));
        }
        s.append(" | ledger ").append(text(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction"));
        s.append(" | hotel ").append(text(Rows.HOTEL_DS, "SELECT (SELECT COUNT(*) FROM hotel WHERE deleted_at IS NULL)"
                + " || '/' || (SELECT COUNT(*) FROM room_type WHERE deleted_at IS NULL)"
                + " || '/' || (SELECT COUNT(*) FROM room) || '/' || (SELECT COUNT(*) FROM room WHERE in_service)"
                + " || '/' || (SELECT COUNT(*) FROM reservation_order) || '/' || (SELECT COUNT(*) FROM reservation)"));
        s.append(' ').append(text(Rows.HOTEL_DS, "SELECT SUM(version) FROM hotel WHERE hotel_id IN (?, ?)", w.hotel, w.scratchHotel));
        for (String reservation : new String[] {w.alicePending, w.alicePaid, w.bobPending, w.aliceQuote}) {
            s.append(' ').append(text(Rows.HOTEL_DS, "SELECT COALESCE(MAX(status), 'none') FROM reservation WHERE reservation_id = ?",
                    reservation));
        }
        s.append(" reserved ").append(text(Rows.HOTEL_DS,
                "SELECT SUM(total_reserved) || '/' || SUM(total_inventory) FROM room_type_inventory WHERE room_type_id = ?", w.roomType));
        s.append(" rates ").append(text(Rows.HOTEL_DS, "SELECT SUM(rate) FROM room_type_rate WHERE room_type_id = ?", w.scratchType));
        s.append(" type ").append(text(Rows.HOTEL_DS, "SELECT name || ':' || version FROM room_type WHERE room_type_id = ?", w.scratchType));
        return s.toString();
    }

    static String text(String dataSource, String sql, Object... parameters) {
        try (Connection connection = Jndi.lookup(dataSource, DataSource.class).getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? String.valueOf(rs.getString(1)) : "no row";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + dataSource, e);
        }
    }
}
