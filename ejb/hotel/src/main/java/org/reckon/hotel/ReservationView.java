package org.reckon.hotel;

import java.time.Instant;
import java.time.LocalDate;
import org.reckon.hotel.domain.Reservation;

/** A reservation as its guest and staff see it, with where its payment stands. */
public record ReservationView(String reservationId, String hotelId, String hotelName, String roomTypeId,
                              String roomTypeName, String guest, String guestName, String guestEmail,
                              LocalDate startDate, LocalDate endDate, int numberOfRooms, String status,
                              String statusReason, boolean overbooked, String currency, String total,
                              PaymentRef payment, Instant paymentDeadline, Instant createdAt, Instant updatedAt) {

    /**
     * How the reservation is paid. {@code CARD}: its payment order in the payment system
     * (hosted_page_url is null until the PSP registered it). {@code WALLET}: paid from the guest's
     * wallet account at booking (status SUCCESS, or REFUNDED once cancelled); no checkout.
     */
    public record PaymentRef(String method, String checkoutId, String paymentOrderId, String status, String hostedPageUrl,
                             String walletAccount) {

        public static PaymentRef card(String checkoutId, String paymentOrderId, String status, String hostedPageUrl) {
            return new PaymentRef("CARD", checkoutId, paymentOrderId, status, hostedPageUrl, null);
        }

        public static PaymentRef wallet(Reservation r) {
            return new PaymentRef("WALLET", null, null,
                    r.status() == org.reckon.hotel.domain.ReservationStatus.REFUNDED ? "REFUNDED" : "SUCCESS", null,
                    r.walletAccount());
        }
    }

    public static ReservationView of(Reservation r, String hotelName, String roomTypeName, PaymentRef payment) {
        int digits = java.util.Currency.getInstance(r.currency()).getDefaultFractionDigits();
        return new ReservationView(r.reservationId(), r.hotelId(), hotelName, r.roomTypeId(), roomTypeName,
                r.guest().username(), r.guest().name(), r.guest().email(), r.stay().startDate(), r.stay().endDate(),
                r.stay().rooms(), r.status().name(), r.statusReason(), r.overbooked(), r.currency(),
                r.total().setScale(Math.max(digits, 0)).toPlainString(), payment, r.paymentDeadline(), r.createdAt(),
                r.updatedAt());
    }
}
