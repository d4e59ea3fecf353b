-- The bounded context that owns a checkout's lifecycle when it was not created through the
-- payments API (hotel reservations create the checkout of each booking). Such a payment is
-- refunded only by that context (cancelling the reservation), never directly: a refund behind
-- the reservation's back would leave it PAID with its rooms held and the money returned.
-- NULL: the buyer's own checkout, refundable through POST /v1/payments/{id}/refunds.
ALTER TABLE payment_event ADD COLUMN managed_by VARCHAR(50);
UPDATE payment_event SET managed_by = 'hotel-reservations'
 WHERE checkout_id LIKE 'reservation-%' AND return_path LIKE '/hotels/reservation.html%';
