// My reservations: GET /v1/reservations, and DELETE /v1/reservations/{id} to cancel one.
// A PENDING reservation is canceled; a PAID one is refunded. Other states are final.

import { api, clearError, element, money, mountSession, query, showError, STATUS_TEXT } from './api.js';

const $ = id => document.getElementById(id);
const CANCELLABLE = new Set(['PENDING', 'PAID']);

function statusCell(reservation) {
  const cell = element('td', reservation.status, 'reservation-status status-' + reservation.status);
  cell.dataset.status = reservation.status;
  cell.title = (STATUS_TEXT[reservation.status] || reservation.status)
    + (reservation.status_reason ? ': ' + reservation.status_reason : '');
  return cell;
}

function row(reservation) {
  const tr = element('tr', null, 'my-reservation');
  tr.dataset.reservationId = reservation.reservation_id;
  tr.dataset.hotelId = reservation.hotel_id;
  const hotel = element('td');
  const link = element('a', reservation.hotel_name || reservation.hotel_id);
  link.href = 'reservation.html' + query({ reservation_id: reservation.reservation_id });
  hotel.append(link);
  const action = element('td');
  if (CANCELLABLE.has(reservation.status)) {
    const button = element('button', 'Cancel', 'cancel-button');
    button.type = 'button';
    button.addEventListener('click', () => cancel(reservation, button));
    action.append(button);
  }
  tr.append(hotel,
    element('td', reservation.room_type_name || reservation.room_type_id),
    element('td', reservation.start_date + ' → ' + reservation.end_date),
    element('td', String(reservation.number_of_rooms)),
    element('td', money(reservation.total, reservation.currency), 'amount'),
    statusCell(reservation),
    action);
  return tr;
}

async function load() {
  clearError();
  try {
    const page = await api('GET', '/v1/reservations');
    const items = (page && page.items) || [];
    $('my-summary').textContent = items.length === 0 ? 'You have no reservation yet.'
      : items.length + (items.length === 1 ? ' reservation.' : ' reservations.');
    $('my-rows').replaceChildren(...items.map(row));
    $('my-section').classList.remove('hidden');
  } catch (error) {
    showError(error);
  }
}

async function cancel(reservation, button) {
  const what = (reservation.hotel_name || reservation.hotel_id) + ', ' + reservation.start_date + ' → '
    + reservation.end_date;
  const refund = reservation.status === 'PAID' ? ' You will be refunded ' + money(reservation.total, reservation.currency) + '.' : '';
  if (!confirm('Cancel your reservation at ' + what + '?' + refund)) return;
  clearError();
  button.disabled = true;
  try {
    const updated = await api('DELETE', '/v1/reservations/' + encodeURIComponent(reservation.reservation_id));
    const old = document.querySelector('.my-reservation[data-reservation-id="' + CSS.escape(reservation.reservation_id) + '"]');
    if (old) old.replaceWith(row(updated));
    const notice = $('my-notice');
    notice.textContent = 'Reservation at ' + what + ': ' + (STATUS_TEXT[updated.status] || updated.status) + '.';
    notice.classList.remove('hidden');
  } catch (error) {
    showError(error);
    button.disabled = false;
  }
}

mountSession(user => {
  $('my-notice').classList.add('hidden');
  if (user) {
    load();
  } else {
    $('my-section').classList.add('hidden');
    $('my-rows').replaceChildren();
  }
});
