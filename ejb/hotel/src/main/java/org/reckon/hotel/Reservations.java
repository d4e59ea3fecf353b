package org.reckon.hotel;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.reckon.hotel.domain.Guest;
import org.reckon.hotel.domain.Hotel;
import org.reckon.hotel.domain.Pricing;
import org.reckon.hotel.domain.Reservation;
import org.reckon.hotel.domain.ReservationHistory;
import org.reckon.hotel.domain.ReservationOrder;
import org.reckon.hotel.domain.ReservationStatus;
import org.reckon.hotel.domain.RoomType;
import org.reckon.hotel.domain.Stay;
import org.reckon.hotel.inventory.AvailabilityCache;
import org.reckon.hotel.inventory.InventoryStore;
import org.reckon.hotel.inventory.Night;
import org.reckon.hotel.search.HotelIndexRequests;
import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.api.NewCheckout;
import org.reckon.payment.api.Checkouts;
import org.reckon.payment.api.Refunds;
import org.reckon.payment.api.Viewer;
import org.reckon.platform.persistence.Entities;
import org.reckon.hotel.domain.HotelError;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;
import org.reckon.wallet.api.WalletPayments;

/**
 * Reservations (chapter 7, "improved data model" and "concurrency issues"). Step one quotes a
 * stay under a new reservation_id; step two books it: in ONE transaction the order row is locked
 * (so concurrent submissions of one reservation_id queue up and all but the first find the
 * reservation it made), the stay's inventory rows are locked in date order, checked against the
 * overbooking cap and updated conditionally (the CHECK constraint backs both), the reservation
 * is stored PENDING, and a checkout is created in the payment system for the hotel's seller
 * account. The reservation then follows its payment's events; every ending gives the rooms back
 * exactly once, because only the state machine's moves out of a holding state release them.
 */
@Stateless
public class Reservations {

    private static final Logger LOG = Logger.getLogger(Reservations.class.getName());
    /**
     * The payment system's view of whoever acts for the hotel context (sees any order); also the
     * name under which it manages its reservations' checkouts, which only it may refund.
     */
    /** The name this context gives its checkouts ({@code NewCheckout.managedBy}) and its payment events' selector. */
    public static final String CONTEXT = "hotel-reservations";
    private static final Viewer HOTEL_CONTEXT = new Viewer(CONTEXT, true);
    /** How long a reader waits for the payment order of a reservation whose booking is still committing. */
    private static final Duration PAYMENT_COMMIT_PATIENCE = Duration.ofSeconds(5);

    @Resource
    SessionContext context;

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    @Inject
    InventoryStore inventory;

    @Inject
    AvailabilityCache cache;

    @Inject
    StayRules rules;

    @Inject
    HotelSettings settings;

    @EJB
    HotelCatalog catalog;

    @EJB
    Checkouts checkouts;

    @EJB
    Refunds refunds;

    @EJB
    HotelIndexRequests index;

    @EJB
    WalletPayments wallets;

    private final Clock clock = Clock.systemUTC();

    /** Step one: validates the stay, prices it from the database, and stores the quote under a new reservation_id. */
    public ReservationOrderView quote(Guest guest, String hotelId, String roomTypeId, LocalDate start, LocalDate end,
                                      Integer rooms) {
        Stay stay = rules.check(hotelId, roomTypeId, start, end, rooms, "number_of_rooms");
        Hotel hotel = catalog.liveHotel(hotelId);
        catalog.roomType(hotelId, roomTypeId);
        Map<LocalDate, Night> nights = inventory.load(hotelId, roomTypeId, start, end);
        checkFits(stay, nights);
        Pricing pricing = hotel.pricing();
        List<Pricing.Night> prices = nights.entrySet().stream()
                .map(e -> new Pricing.Night(e.getKey(), pricing.nightly(e.getValue().rate(),
                        e.getValue().totalInventory(), e.getValue().totalReserved())))
                .toList();
        Instant now = now();
        ReservationOrder order = new ReservationOrder(UUID.randomUUID().toString(), guest, stay,
                hotel.currency().getCurrencyCode(), pricing.quote(prices, stay.rooms()), now,
                now.plus(settings.orderValidity()));
        em.persist(order);
        return ReservationOrderView.of(order);
    }

    /** What {@link #book} answers: the reservation, and whether this call created it. */
    public record Booking(ReservationView reservation, boolean created) {
    }

    /**
     * Step two: books the quoted stay. The same reservation_id always yields the same reservation;
     * a stay that no longer fits is refused with 409 and changes nothing.
     */
    public Booking book(String reservationId, Stay asked, Viewer viewer) {
        return book(reservationId, asked, null, viewer);
    }

    /**
     * Step two, paid from the guest's wallet when {@code walletAccount} is given (issue 12): in the
     * same XA transaction as the booking, the reservation becomes PAID and the wallet's published
     * API debits the wallet (its partition's datasource joins the transaction), so both commit or
     * neither. Not the guest's wallet: 404; another currency or too little money: 422, nothing booked.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Booking book(String reservationId, Stay asked, String walletAccount, Viewer viewer) {
        // Refuse a stay that is already full before any transaction or lock (issue 15, the last-rooms
        // race): one statement reads the order, whether it was booked, and the nights as committed, in one
        // snapshot. As correct as the locked check in the transaction, which still decides every booking;
        // refused only where that transaction would refuse it too, with the same answer.
        InventoryStore.OrderedStay ordered = inventory.ordered(reservationId);
        if (ordered != null && !ordered.booked() && viewer.maySee(ordered.guest()) && ordered.stay().equals(asked)
                && !ordered.expired(now())) {
            Stay stay = ordered.stay();
            rules.check(stay.hotelId(), stay.roomTypeId(), stay.startDate(), stay.endDate(), stay.rooms(), "number_of_rooms");
            checkFits(stay, ordered.nights());
        }
        return context.getBusinessObject(Reservations.class).bookInTransaction(reservationId, asked, walletAccount, viewer,
                ordered == null ? null : ordered.nights());
    }

    /**
     * {@link #book}'s transaction. {@code committed}: the stay's nights as {@link #book} read them just
     * before (null if it did not), so the lock reads them again only if they changed since.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Booking bookInTransaction(String reservationId, Stay asked, String walletAccount, Viewer viewer,
                                     Map<LocalDate, Night> committed) {
        ReservationOrder order = Entities.find(em, ReservationOrder.class, reservationId, LockModeType.PESSIMISTIC_WRITE);
        if (order == null || !viewer.maySee(order.guest().username())) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No reservation order " + reservationId, "reservation_id");
        }
        Stay stay = order.stay();
        mustMatch(asked.hotelId(), stay.hotelId(), "hotel_id");
        mustMatch(asked.roomTypeId(), stay.roomTypeId(), "room_type_id");
        mustMatch(asked.startDate(), stay.startDate(), "start_date");
        mustMatch(asked.endDate(), stay.endDate(), "end_date");
        mustMatch(asked.rooms(), stay.rooms(), "number_of_rooms");
        Reservation existing = Entities.find(em, Reservation.class, reservationId);
        if (existing != null) {
            mustMatch(walletAccount, existing.walletAccount(), "wallet_account");
            return new Booking(view(existing), false);
        }
        Instant now = now();
        if (order.expired(now)) {
            throw new ReckonException(ErrorCode.CONFLICT, "this reservation order expired at " + order.expiresAt()
                    + "; request a new one", "reservation_id");
        }
        rules.check(stay.hotelId(), stay.roomTypeId(), stay.startDate(), stay.endDate(), stay.rooms(), "number_of_rooms");
        Hotel hotel = catalog.liveHotel(stay.hotelId());
        RoomType roomType = catalog.roomType(stay.hotelId(), stay.roomTypeId());
        Map<LocalDate, Night> nights = inventory.lock(stay, committed != null ? committed
                : inventory.load(stay.hotelId(), stay.roomTypeId(), stay.startDate(), stay.endDate()));
        checkFits(stay, nights);
        boolean overbooked = nights.values().stream().anyMatch(n -> n.totalReserved() + stay.rooms() > n.totalInventory());
        if (inventory.reserve(stay) != nights.size()) {
            throw new ReckonException(HotelError.ROOMS_UNAVAILABLE, "the last rooms were just taken", "room_type_id");
        }
        // the cache gets the nights as this booking leaves them, known without reading them again
        cache.publishAfterCommit(stay.hotelId(), stay.roomTypeId(), InventoryStore.reserved(nights, stay.rooms()));
        Reservation reservation = new Reservation(order, overbooked, now.plus(settings.paymentDeadline()), now, walletAccount);
        em.persist(reservation);
        em.persist(reservation.created(overbooked ? "booked (overbooked: fits only thanks to the overbooking allowance)"
                : "booked"));
        if (walletAccount != null) {
            move(reservation, ReservationStatus.PAID, "paid from wallet " + walletAccount);
            // last, so the wallet partition's writer is held for as short a time as possible
            wallets.pay(reservation.guest().username(), walletAccount, walletReference(reservation), hotel.sellerAccount(),
                    Money.of(reservation.total(), reservation.currency()));
            LOG.fine(() -> "reservation " + reservationId + " booked and paid from wallet " + walletAccount);
            return new Booking(view(reservation), true);
        }
        String amount = reservation.total().setScale(Math.max(hotel.currency().getDefaultFractionDigits(), 0))
                .toPlainString();
        CheckoutView checkout = checkouts.create(new NewCheckout(reservation.checkoutId(), reservation.guest().username(),
                reservation.guest().name(), reservation.guest().email(), null,
                List.of(new NewCheckout.NewOrder(reservation.paymentOrderId(), hotel.sellerAccount(), amount,
                        reservation.currency())),
                "/hotels/reservation.html?reservation_id=" + reservationId, HOTEL_CONTEXT.name()));
        index.reservationChanged(reservationId);
        LOG.fine(() -> "reservation " + reservationId + " booked" + (overbooked ? " (overbooked)" : ""));
        // the answer from what create returned: reading the order back made the payment unit flush
        // mid-transaction and cost a query (issue 15)
        CheckoutView.OrderView payment = checkout.paymentOrders().stream()
                .filter(o -> o.paymentOrderId().equals(reservation.paymentOrderId())).findFirst().orElseThrow();
        return new Booking(cardView(reservation, hotel, roomType, payment), true);
    }

    /** The payment succeeded: a pending reservation is paid; one that ended meanwhile gets its money back. */
    public void paymentSucceeded(String paymentOrderId) {
        Optional<Reservation> found = byPaymentOrder(paymentOrderId);
        if (found.isEmpty()) {
            return; // not a reservation's payment
        }
        Reservation r = found.get();
        if (r.status() != ReservationStatus.PENDING && r.status() != ReservationStatus.REJECTED
                && r.status() != ReservationStatus.CANCELED) {
            return; // paid or refunded before: a repeated event
        }
        // the event alone is not trusted: the payment context's published API must confirm a capture of the reservation's amount
        CheckoutView.OrderView payment = checkouts.order(paymentOrderId, HOTEL_CONTEXT);
        String unconfirmed = unconfirmed(payment, r);
        if (unconfirmed != null && IN_FLIGHT.contains(payment.status())) {
            // its payment branch may still be committing: roll back, and the broker redelivers
            throw new ReckonException(ErrorCode.CONFLICT, "payment " + paymentOrderId + " is not confirmed yet: " + unconfirmed);
        }
        if (unconfirmed != null) {
            LOG.severe(() -> "payment.succeeded for " + paymentOrderId + " (reservation " + r.reservationId()
                    + ") contradicts the payment context: " + unconfirmed + "; left to the dead letters");
            throw new IllegalStateException("payment.succeeded for " + paymentOrderId + " not confirmed: " + unconfirmed);
        }
        if (r.status() == ReservationStatus.PENDING) {
            move(r, ReservationStatus.PAID, "payment " + paymentOrderId + " succeeded");
        } else if (r.status() == ReservationStatus.REJECTED || r.status() == ReservationStatus.CANCELED) {
            LOG.info(() -> "payment " + paymentOrderId + " succeeded after reservation " + r.reservationId() + " became "
                    + r.status() + "; refunding it once this transaction commits");
            // the intent commits with this consumer's transaction; the PSP is asked after it, with none open
            refunds.refundAsManagerAfterCommit(paymentOrderId, "refund-" + r.reservationId(), Money.of(r.total(), r.currency()),
                    HOTEL_CONTEXT);
        }
    }

    private static final java.util.Set<String> IN_FLIGHT = java.util.Set.of("NOT_STARTED", "EXECUTING", "PENDING", "UNKNOWN");
    private static final java.util.Set<String> CAPTURED = java.util.Set.of("SUCCESS", "PARTIALLY_REFUNDED", "REFUNDED");

    /** Null when the payment context confirms the capture of the reservation's total; else what is wrong. */
    static String unconfirmed(CheckoutView.OrderView payment, Reservation r) {
        if (!CAPTURED.contains(payment.status())) {
            return "the payment is " + payment.status();
        }
        if (!r.currency().equals(payment.currency())
                || new java.math.BigDecimal(payment.amount()).compareTo(r.total()) != 0) {
            return "the payment is " + payment.amount() + " " + payment.currency() + ", the reservation "
                    + r.total().toPlainString() + " " + r.currency();
        }
        return null;
    }

    /** The payment failed: a pending reservation is rejected and its rooms given back. */
    public void paymentFailed(String paymentOrderId, String reason) {
        byPaymentOrder(paymentOrderId)
                .filter(r -> r.status() == ReservationStatus.PENDING)
                .ifPresent(r -> move(r, ReservationStatus.REJECTED, "payment failed: " + (reason == null ? "no reason given" : reason)));
    }

    /**
     * Cancels: a pending reservation is canceled, a paid one refunded through the payment system.
     * No transaction holds the reservation's row (or any connection) while the PSP refunds (issue
     * 11, item 6): a short transaction cancels a pending one or finds it PAID; the payment context
     * refunds with no transaction (its intent committed first, the refund recorded in its own
     * transaction, keyed by "refund-" + the reservation id, so a repeated cancel refunds once);
     * then a second short transaction moves it to REFUNDED. If that second one never commits, the
     * reservation stays PAID with its refund recorded; cancelling again finds the refund and
     * completes the move.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ReservationView cancel(String reservationId, Viewer viewer) {
        Reservations self = context.getBusinessObject(Reservations.class);
        Optional<ReservationView> canceled = self.cancelUnlessPaid(reservationId, viewer);
        if (canceled.isPresent()) {
            return canceled.get();
        }
        Reservation paid = em.find(Reservation.class, reservationId); // no transaction: a detached read
        refunds.refundAsManager(paid.paymentOrderId(), "refund-" + paid.reservationId(),
                Money.of(paid.total(), paid.currency()), HOTEL_CONTEXT);
        return self.refunded(reservationId, viewer);
    }

    /** Cancel's first step: a pending reservation is canceled (its view); a paid one is left as is (empty). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<ReservationView> cancelUnlessPaid(String reservationId, Viewer viewer) {
        Reservation r = Entities.find(em, Reservation.class, reservationId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || !viewer.maySee(r.guest().username())) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No reservation " + reservationId, "reservation_id");
        }
        switch (r.status()) {
            case PENDING -> {
                move(r, ReservationStatus.CANCELED, "canceled by " + viewer.name());
                return Optional.of(view(r));
            }
            case PAID -> {
                if (!r.paidFromWallet()) {
                    return Optional.empty();
                }
                // no PSP: the wallet's refund joins this transaction, so REFUNDED and the money back are one fact
                move(r, ReservationStatus.REFUNDED, "canceled by " + viewer.name() + "; refunded to wallet " + r.walletAccount());
                wallets.refund(r.walletAccount(), walletReference(r), Entities.find(em, Hotel.class, r.hotelId()).sellerAccount(),
                        Money.of(r.total(), r.currency()));
                return Optional.of(view(r));
            }
            default -> throw new ReckonException(ErrorCode.CONFLICT,
                    "reservation " + reservationId + " is " + r.status() + " already", "reservation_id");
        }
    }

    /** Cancel's last step, once the payment context recorded the refund: PAID becomes REFUNDED (once). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public ReservationView refunded(String reservationId, Viewer viewer) {
        Reservation r = Entities.find(em, Reservation.class, reservationId, LockModeType.PESSIMISTIC_WRITE);
        if (r.status() == ReservationStatus.PAID) {
            move(r, ReservationStatus.REFUNDED, "canceled by " + viewer.name() + "; payment refunded");
        } else if (r.status() != ReservationStatus.REFUNDED) { // REFUNDED: a concurrent cancel moved it first
            throw new ReckonException(ErrorCode.CONFLICT,
                    "reservation " + reservationId + " is " + r.status() + " already", "reservation_id");
        }
        return view(r);
    }

    /** Rejects a pending reservation whose payment did not complete by its deadline (its own transaction). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean expire(String reservationId) {
        Reservation r = Entities.find(em, Reservation.class, reservationId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || r.status() != ReservationStatus.PENDING || r.paymentDeadline().isAfter(now())) {
            return false;
        }
        CheckoutView.OrderView payment = checkouts.order(r.paymentOrderId(), HOTEL_CONTEXT);
        if (unconfirmed(payment, r) == null) {
            // captured for its amount: its payment.succeeded event is late or dead-lettered; the payment context's word is enough
            move(r, ReservationStatus.PAID, "payment " + r.paymentOrderId() + " confirmed by the payment context at the deadline");
            return false;
        }
        if ("SUCCESS".equals(payment.status())) {
            return false; // captured, but not for the reservation's amount: left for staff, never rejected with the money taken
        }
        move(r, ReservationStatus.REJECTED, "payment not completed by " + r.paymentDeadline()
                + " (payment " + payment.status() + ")");
        return true;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<String> pendingPastDeadline(int max) {
        return em.createQuery("SELECT r.reservationId FROM Reservation r WHERE r.status = :s AND r.paymentDeadline < :now"
                        + " ORDER BY r.paymentDeadline", String.class)
                .setParameter("s", ReservationStatus.PENDING).setParameter("now", now())
                .setMaxResults(max).getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ReservationView reservation(String reservationId, Viewer viewer) {
        Reservation r = Entities.find(em, Reservation.class, reservationId);
        if (r == null || !viewer.maySee(r.guest().username())) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No reservation " + reservationId, "reservation_id");
        }
        return view(r);
    }

    /** The guest's reservations, newest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ReservationView> of(String guest, int max) {
        return listed(em.createQuery("SELECT r FROM Reservation r WHERE r.guest = :g ORDER BY r.createdAt DESC", Reservation.class)
                .setParameter("g", guest).setMaxResults(max).getResultList());
    }

    /** Staff: a hotel's reservations whose stay ends on or after {@code from}, by start date. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ReservationView> upcoming(String hotelId, LocalDate from, int max) {
        catalog.liveHotel(hotelId);
        return listed(em.createQuery("SELECT r FROM Reservation r WHERE r.hotelId = :h AND r.endDate > :from"
                        + " ORDER BY r.startDate, r.createdAt", Reservation.class)
                .setParameter("h", hotelId).setParameter("from", from).setMaxResults(max).getResultList());
    }

    /**
     * Reservations as a list shows them (issue 11, item 6): their hotels, room types and payment
     * orders each read in one query, and no waiting. A payment order still being committed (its
     * booking's PaymentDS branch a few milliseconds behind the HotelDS one) is shown as what it is
     * at that moment, NOT_STARTED: the booking created it so.
     */
    private List<ReservationView> listed(List<Reservation> rs) {
        if (rs.isEmpty()) {
            return List.of();
        }
        Map<String, String> hotelNames = names("SELECT h.hotelId, h.name FROM Hotel h WHERE h.hotelId IN :ids",
                rs.stream().map(Reservation::hotelId).distinct().toList());
        Map<String, String> typeNames = names("SELECT t.roomTypeId, t.name FROM RoomType t WHERE t.roomTypeId IN :ids",
                rs.stream().map(Reservation::roomTypeId).distinct().toList());
        Map<String, CheckoutView.OrderView> payments = new java.util.HashMap<>();
        List<String> cardPayments = rs.stream().filter(r -> !r.paidFromWallet()).map(Reservation::paymentOrderId).toList();
        if (!cardPayments.isEmpty()) {
            checkouts.orders(cardPayments, HOTEL_CONTEXT).forEach(o -> payments.put(o.paymentOrderId(), o));
        }
        return rs.stream().map(r -> {
            if (r.paidFromWallet()) {
                return ReservationView.of(r, hotelNames.get(r.hotelId()), typeNames.get(r.roomTypeId()),
                        ReservationView.PaymentRef.wallet(r));
            }
            CheckoutView.OrderView p = payments.get(r.paymentOrderId());
            return ReservationView.of(r, hotelNames.get(r.hotelId()), typeNames.get(r.roomTypeId()),
                    ReservationView.PaymentRef.card(r.checkoutId(), r.paymentOrderId(), p == null ? "NOT_STARTED" : p.status(),
                            p == null ? null : p.hostedPageUrl()));
        }).toList();
    }

    private Map<String, String> names(String query, List<String> ids) {
        Map<String, String> names = new java.util.HashMap<>();
        for (Object[] row : em.createQuery(query, Object[].class).setParameter("ids", ids).getResultList()) {
            names.put((String) row[0], (String) row[1]);
        }
        return names;
    }

    private void move(Reservation r, ReservationStatus next, String cause) {
        boolean released = r.status().holdsInventory() && !next.holdsInventory();
        em.persist(r.moveTo(next, cause, now()));
        if (released) {
            Stay stay = r.stay();
            if (inventory.release(stay) != stay.nights().size()) {
                throw new IllegalStateException("inventory of reservation " + r.reservationId()
                        + " does not hold its rooms on every night; refusing to release it");
            }
            cache.refreshAfterCommit(stay);
        }
        index.reservationChanged(r.reservationId());
    }

    private Optional<Reservation> byPaymentOrder(String paymentOrderId) {
        return em.createQuery("SELECT r FROM Reservation r WHERE r.paymentOrderId = :p", Reservation.class)
                .setParameter("p", paymentOrderId).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /** The wallet payment's key: one per reservation, so it is paid (and refunded) at most once. */
    private static String walletReference(Reservation r) {
        return "reservation-" + r.reservationId();
    }

    private void checkFits(Stay stay, Map<LocalDate, Night> nights) {
        for (LocalDate night : stay.nights()) {
            Night n = nights.get(night);
            if (n == null) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED, "no inventory for the night of " + night
                        + " yet", "end_date");
            }
            if (n.totalReserved() + stay.rooms() > n.maxReserved()) {
                throw new ReckonException(HotelError.ROOMS_UNAVAILABLE, "only " + n.roomsLeft() + " room(s) left on "
                        + night, "number_of_rooms");
            }
        }
    }

    private ReservationView view(Reservation r) {
        Hotel hotel = Entities.find(em, Hotel.class, r.hotelId());
        RoomType type = Entities.find(em, RoomType.class, r.roomTypeId());
        if (r.paidFromWallet()) {
            return ReservationView.of(r, hotel.name(), type.name(), ReservationView.PaymentRef.wallet(r));
        }
        // another request may be booking it at this moment: its HotelDS branch committed, its PaymentDS one not yet
        CheckoutView.OrderView p = checkouts.orderOnceCommitted(r.paymentOrderId(), HOTEL_CONTEXT, PAYMENT_COMMIT_PATIENCE)
                .orElseThrow(() -> new ReckonException(ErrorCode.CONFLICT, "reservation " + r.reservationId()
                        + " is still being committed; retry shortly", "reservation_id"));
        return cardView(r, hotel, type, p);
    }

    /** A reservation paid by card, with its payment order as the payment context shows it. */
    private static ReservationView cardView(Reservation r, Hotel hotel, RoomType type, CheckoutView.OrderView payment) {
        return ReservationView.of(r, hotel.name(), type.name(),
                ReservationView.PaymentRef.card(r.checkoutId(), r.paymentOrderId(), payment.status(), payment.hostedPageUrl()));
    }

    private static void mustMatch(Object asked, Object ordered, String field) {
        if (!Objects.equals(asked, ordered)) {
            throw new ReckonException(ErrorCode.UNPROCESSABLE, "differs from the reservation order (" + ordered + ")",
                    field);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
