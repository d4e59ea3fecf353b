// The booking page: search → hotel → room type → reservation order (review) → reservation → PSP.
//
// Booking happens once however often "Complete my booking" is pressed: the button is disabled by
// the first click before anything else runs, and every submission of one reviewed order carries
// that order's reservation_id, which the API treats as the idempotency key (a repeat answers the
// same reservation). A failed submission that may not have reached the server (network, 5xx)
// re-enables the button, because retrying with the same id is safe.

import { api, ApiError, clearError, currentUser, element, money, mountSession, nights, pspUrl, query, showError, sleep }
  from './api.js';

const $ = id => document.getElementById(id);

const state = {
  stay: null,      // { q, start_date, end_date, rooms } of the last search
  hotel: null,     // the chosen search result
  roomType: null,  // the chosen room type of the availability answer
  order: null,     // the reservation order under review
  booking: false   // a submission is in flight or has succeeded
};

function pad(n) { return String(n).padStart(2, '0'); }
function isoDate(date) { return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()); }
function daysFromToday(days) { const d = new Date(); d.setDate(d.getDate() + days); return isoDate(d); }

function initDates() {
  const params = new URLSearchParams(location.search);
  $('start-date').min = daysFromToday(0);
  $('end-date').min = daysFromToday(1);
  $('search-q').value = params.get('q') || '';
  $('start-date').value = params.get('start_date') || daysFromToday(1);
  $('end-date').value = params.get('end_date') || daysFromToday(3);
  $('rooms').value = params.get('rooms') || '1';
  return params.has('start_date');
}

// ---- search ---------------------------------------------------------------------------------

async function search() {
  if (state.booking) return;
  clearError();
  forgetHotel();
  const stay = {
    q: $('search-q').value.trim(),
    start_date: $('start-date').value,
    end_date: $('end-date').value,
    rooms: $('rooms').value
  };
  state.stay = stay;
  history.replaceState(null, '', location.pathname + query(stay));
  $('search-button').disabled = true;
  $('search-summary').textContent = 'Searching…';
  try {
    let hotels;
    let total;
    let note = '';
    try {
      const page = await api('GET', '/v1/hotels/search' + query({ ...stay, page: 0, size: 20 }));
      hotels = page.items || [];
      total = page.total;
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 503 && error.status !== 404)) throw error;
      hotels = await catalogMatches(stay.q);
      note = ' Full-text search is unavailable right now: these hotels mention your words; rooms are checked when you pick one.';
    }
    renderResults(hotels, total, note);
  } catch (error) {
    $('search-summary').textContent = '';
    $('results').replaceChildren();
    showError(error);
  } finally {
    $('search-button').disabled = false;
  }
}

/**
 * Without the search index (503 while Elasticsearch is down, 404 where it is not deployed), the
 * hotel catalog is the fallback: every word must appear in the name, city, address or amenities.
 */
async function catalogMatches(text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = [];
  for (let page = 0, seen = 0, total = 1; seen < total && page < 20; page++) {
    const answer = await api('GET', '/v1/hotels' + query({ page, size: 100 }));
    const items = answer.items || [];
    if (items.length === 0) break;
    seen += items.length;
    total = answer.total;
    items.forEach(hotel => {
      const haystack = [hotel.name, hotel.city, hotel.address, ...(hotel.amenities || [])].join(' ').toLowerCase();
      if (words.every(word => haystack.includes(word))) matches.push(hotel);
    });
  }
  return matches;
}

function renderResults(hotels, total, note) {
  const count = total === undefined ? hotels.length : total;
  $('search-summary').textContent = (count === 0
    ? 'No hotel matches with rooms free for these dates.'
    : count + (count === 1 ? ' hotel' : ' hotels') + ' for ' + nights(state.stay.start_date, state.stay.end_date)
      + ' night(s), ' + state.stay.rooms + ' room(s).') + (note || '');
  $('results').replaceChildren(...hotels.map(hotel => {
    const card = element('div', null, 'hotel-result');
    card.dataset.hotelId = hotel.hotel_id;
    card.tabIndex = 0;
    card.setAttribute('role', 'button');
    card.append(element('h3', hotel.name, 'hotel-result-name'),
      element('p', [hotel.city, hotel.address].filter(Boolean).join(' · '), 'muted'));
    if (Array.isArray(hotel.amenities) && hotel.amenities.length > 0) {
      card.append(element('p', hotel.amenities.join(', '), 'muted'));
    }
    if (hotel.lowest_price_per_night) {
      const price = element('p', null);
      price.append('From ', element('span', money(hotel.lowest_price_per_night, hotel.currency), 'price'),
        ' per night' + (hotel.room_types_available ? ' · ' + hotel.room_types_available + ' room type(s) available' : ''));
      card.append(price);
    }
    card.addEventListener('click', () => chooseHotel(hotel, card));
    card.addEventListener('keydown', event => { if (event.key === 'Enter') chooseHotel(hotel, card); });
    return card;
  }));
}

// ---- hotel and room type ----------------------------------------------------------------------

function forgetHotel() {
  state.hotel = null;
  forgetRoomType();
  $('hotel-section').classList.add('hidden');
  $('room-types').replaceChildren();
}

function forgetRoomType() {
  state.roomType = null;
  forgetOrder();
  $('guest-section').classList.add('hidden');
  document.querySelectorAll('.room-type.selected').forEach(node => node.classList.remove('selected'));
}

function forgetOrder() {
  if (state.booking) return;
  state.order = null;
  $('review-section').classList.add('hidden');
  $('booking-status').classList.add('hidden');
}

async function chooseHotel(hotel, card) {
  if (state.booking) return;
  clearError();
  forgetHotel();
  state.hotel = hotel;
  document.querySelectorAll('.hotel-result').forEach(node => node.classList.toggle('selected', node === card));
  $('hotel-name').textContent = hotel.name;
  $('hotel-stay').textContent = state.stay.start_date + ' → ' + state.stay.end_date + ' · '
    + nights(state.stay.start_date, state.stay.end_date) + ' night(s) · ' + state.stay.rooms + ' room(s)';
  $('room-types').replaceChildren(element('p', 'Loading rooms…', 'muted'));
  $('hotel-section').classList.remove('hidden');
  try {
    const availability = await api('GET', '/v1/hotels/' + encodeURIComponent(hotel.hotel_id) + '/availability'
      + query({ start_date: state.stay.start_date, end_date: state.stay.end_date, rooms: state.stay.rooms }));
    if (state.hotel !== hotel) return;
    renderRoomTypes(availability);
  } catch (error) {
    $('room-types').replaceChildren();
    showError(error);
  }
}

function renderRoomTypes(availability) {
  const roomTypes = availability.room_types || [];
  if (roomTypes.length === 0) {
    $('room-types').replaceChildren(element('p', 'No room left for these dates. Try other dates.'));
    return;
  }
  $('room-types').replaceChildren(...roomTypes.map(roomType => {
    const card = element('div', null, 'room-type');
    card.dataset.roomTypeId = roomType.room_type_id;
    card.tabIndex = 0;
    card.setAttribute('role', 'button');
    const perNight = (roomType.nights || []).map(n => n.date + ': ' + money(n.price, availability.currency)).join(' · ');
    const total = element('p', null);
    total.append(element('span', money(roomType.total, availability.currency), 'price room-type-total'),
      ' for the stay, before taxes and fees');
    card.append(element('h3', roomType.name, 'room-type-name'),
      element('p', 'Per night: ' + perNight, 'muted room-type-nights'),
      total,
      element('p', roomType.rooms_left + ' room(s) left', 'muted'));
    card.addEventListener('click', () => chooseRoomType(roomType, card));
    card.addEventListener('keydown', event => { if (event.key === 'Enter') chooseRoomType(roomType, card); });
    return card;
  }));
}

function chooseRoomType(roomType, card) {
  if (state.booking) return;
  clearError();
  forgetRoomType();
  state.roomType = roomType;
  card.classList.add('selected');
  $('guest-section').classList.remove('hidden');
  renderSession(currentUser());
}

function renderSession(user) {
  $('review-button').disabled = !user || !state.roomType || state.booking;
  $('guest-hint').classList.toggle('hidden', !!user);
  if (user && !$('guest-name').value) $('guest-name').value = user;
}

// ---- review: the reservation order -----------------------------------------------------------

async function review() {
  if (state.booking || !state.hotel || !state.roomType) return;
  clearError();
  forgetOrder();
  $('review-button').disabled = true;
  try {
    const order = await api('POST', '/v1/reservation-orders', {
      hotel_id: state.hotel.hotel_id,
      room_type_id: state.roomType.room_type_id,
      start_date: state.stay.start_date,
      end_date: state.stay.end_date,
      number_of_rooms: Number(state.stay.rooms),
      guest_name: $('guest-name').value.trim(),
      guest_email: $('guest-email').value.trim()
    });
    state.order = order;
    renderOrder(order);
  } catch (error) {
    showError(error);
  } finally {
    renderSession(currentUser());
  }
}

function renderOrder(order) {
  $('review-summary').textContent = state.hotel.name + ' · ' + state.roomType.name + ' · '
    + order.start_date + ' → ' + order.end_date + ' · ' + order.number_of_rooms + ' room(s)';
  $('breakdown').dataset.reservationId = order.reservation_id;
  $('breakdown-nights').replaceChildren(...(order.nights || []).map(night => {
    const row = element('tr', null, 'breakdown-night');
    row.append(element('td', night.date), element('td', money(night.rate, order.currency), 'amount'));
    return row;
  }));
  $('breakdown-subtotal').textContent = money(order.subtotal, order.currency);
  $('breakdown-taxes').textContent = money(order.taxes, order.currency);
  $('breakdown-fees').textContent = money(order.fees, order.currency);
  $('breakdown-total').textContent = money(order.total, order.currency);
  $('review-expiry').textContent = order.expires_at
    ? 'This price is held until ' + new Date(order.expires_at).toLocaleString() + '.' : '';
  $('complete-booking').disabled = false;
  payOptions(order);
  $('review-section').classList.remove('hidden');
  $('review-section').scrollIntoView({ block: 'nearest' });
}

// ---- booking: once, then the PSP's hosted page ---------------------------------------------------

/** Card, or one of the guest's wallets in the order's currency (issue 12): it pays at once, no payment page. */
async function payOptions(order) {
  const select = $('pay-with');
  select.replaceChildren(element('option', 'Card (the payment page)'));
  select.firstChild.value = '';
  try {
    const wallets = await api('GET', '/v1/wallet/accounts');
    for (const w of wallets.items || wallets) {
      if (w.currency !== order.currency) continue;
      const option = element('option', 'Wallet ' + w.account_id + ' (' + money(w.balance, w.currency) + ')');
      option.value = w.account_id;
      select.append(option);
    }
  } catch (error) {
    // no wallets to offer (not signed in, or the wallet is unavailable): card only
  }
}

function completeBooking() {
  const order = state.order;
  if (!order || state.booking) return;
  // Disabled before any await: a second click of a double click finds the button dead.
  $('complete-booking').disabled = true;
  state.booking = true;
  renderSession(currentUser());
  book(order);
}

async function book(order) {
  clearError();
  status('Booking…');
  let reservation;
  try {
    reservation = await api('POST', '/v1/reservations', {
      reservation_id: order.reservation_id,
      hotel_id: order.hotel_id,
      room_type_id: order.room_type_id,
      start_date: order.start_date,
      end_date: order.end_date,
      number_of_rooms: order.number_of_rooms,
      ...($('pay-with').value ? { wallet_account: $('pay-with').value } : {})
    });
  } catch (error) {
    showError(error);
    const mayRetry = !(error instanceof ApiError) || error.status >= 500 || error.status === 401;
    status(mayRetry ? 'Not booked yet. You can try again: it will not book twice.'
      : 'Not booked. Search again to choose another room.');
    state.booking = false;
    $('complete-booking').disabled = !mayRetry;
    renderSession(currentUser());
    return;
  }
  status('Booked (reservation ' + reservation.reservation_id + ').'
    + (reservation.status === 'PAID' ? ' Paid from your wallet.' : ' Taking you to the payment page…'));
  await toPaymentPage(reservation);
}

/** Polls the reservation until the payment system has registered it with the PSP, then goes there. */
async function toPaymentPage(reservation) {
  const id = reservation.reservation_id;
  const confirmation = 'reservation.html' + query({ reservation_id: id });
  const deadline = Date.now() + 5 * 60 * 1000;
  let delay = 500;
  let current = reservation;
  while (Date.now() < deadline) {
    if (current && current.payment && pspUrl(current.payment.hosted_page_url)) {
      location.assign(pspUrl(current.payment.hosted_page_url));
      return;
    }
    if (current && current.status && current.status !== 'PENDING') {
      location.assign(confirmation);
      return;
    }
    await sleep(delay);
    delay = Math.min(delay * 1.5, 3000);
    try {
      current = await api('GET', '/v1/reservations/' + encodeURIComponent(id));
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) {
        showError(error);
        break;
      }
      current = null; // the server is busy or unreachable: keep trying until the deadline
    }
  }
  const link = element('a', 'follow your reservation');
  link.href = confirmation;
  const box = $('booking-status');
  box.replaceChildren('The payment page is not ready yet; ', link, ' to pay when it is.');
  box.classList.remove('hidden');
}

function status(text) {
  const box = $('booking-status');
  box.textContent = text;
  box.classList.remove('hidden');
}

// ---- wiring ------------------------------------------------------------------------------------

$('search-form').addEventListener('submit', event => { event.preventDefault(); search(); });
$('guest-form').addEventListener('submit', event => { event.preventDefault(); review(); });
$('complete-booking').addEventListener('click', completeBooking);
const searchNow = initDates();
mountSession(renderSession);
if (searchNow) search();
