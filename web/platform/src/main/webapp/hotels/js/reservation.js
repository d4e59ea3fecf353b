// The confirmation page: ?reservation_id=… (the PSP also appends its payment_order_id, unused).
// Polls while the reservation is PENDING; the status it shows is the server's, as stored.

import { api, ApiError, clearError, money, mountSession, nights, pspUrl, showError, sleep, STATUS_TEXT }
  from './api.js';

const $ = id => document.getElementById(id);
const reservationId = new URLSearchParams(location.search).get('reservation_id');
let watching = false;

function render(reservation) {
  const status = reservation.status;
  const heading = $('reservation-status');
  heading.textContent = STATUS_TEXT[status] || status;
  heading.dataset.status = status;
  heading.className = 'status-' + status;
  $('reservation-status-code').textContent = status;
  $('status-reason').textContent = reservation.status_reason || '';
  $('status-reason').classList.toggle('hidden', !reservation.status_reason);

  const payUrl = reservation.payment && pspUrl(reservation.payment.hosted_page_url);
  $('pay-now-line').classList.toggle('hidden', !(status === 'PENDING' && payUrl));
  if (payUrl) $('pay-now').href = payUrl;
  $('payment-deadline').textContent = reservation.payment_deadline
    ? ' before ' + new Date(reservation.payment_deadline).toLocaleString() : '';

  $('reservation-hotel').textContent = reservation.hotel_name || reservation.hotel_id;
  $('reservation-room-type').textContent = reservation.room_type_name || reservation.room_type_id;
  $('reservation-start').textContent = reservation.start_date;
  $('reservation-end').textContent = reservation.end_date + ' (' + nights(reservation.start_date, reservation.end_date)
    + ' night(s))';
  $('reservation-rooms').textContent = reservation.number_of_rooms;
  $('reservation-guest').textContent = [reservation.guest_name, reservation.guest_email].filter(Boolean).join(' · ');
  $('reservation-total').textContent = money(reservation.total, reservation.currency)
    + (reservation.overbooked ? ' (overbooked: the hotel will confirm your room)' : '');
  $('reservation-id').textContent = reservation.reservation_id;
  $('reservation').classList.remove('hidden');
}

async function watch() {
  if (watching) return;
  watching = true;
  let delay = 1000;
  try {
    for (;;) {
      let reservation = null;
      try {
        reservation = await api('GET', '/v1/reservations/' + encodeURIComponent(reservationId));
        clearError();
      } catch (error) {
        showError(error);
        if (error instanceof ApiError && error.status < 500) return; // not found, not yours, logged out
      }
      if (reservation) {
        render(reservation);
        if (reservation.status !== 'PENDING') return;
      }
      await sleep(delay);
      delay = Math.min(delay + 500, 5000);
    }
  } finally {
    watching = false;
  }
}

if (!reservationId) {
  showError(new Error('This address names no reservation (reservation_id is missing).'));
} else {
  mountSession(user => { if (user) watch(); });
}
