// The checkout page's script (no inline script: the Content-Security-Policy allows scripts from this origin only).
// A URL the PSP supplied is followed only when it is an http(s) URL (never javascript: or data:).
function pspUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value); // absolute only: a PSP page is never relative to Reckon's
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch (e) {
    return null;
  }
}
const checkoutId = new URLSearchParams(location.search).get('checkout_id');
const summary = document.getElementById('summary');
const rows = document.getElementById('orders');
function cell(text, cls) { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }
async function refresh() {
  if (!checkoutId) { summary.textContent = 'No checkout_id in the address.'; return; }
  const response = await fetch('/v1/payments?checkout_id=' + encodeURIComponent(checkoutId), { credentials: 'include' });
  if (!response.ok) { summary.textContent = 'Cannot read checkout ' + checkoutId + ' (HTTP ' + response.status + ').'; return; }
  const checkout = await response.json();
  rows.replaceChildren(...checkout.payment_orders.map(o => {
    const tr = document.createElement('tr');
    tr.append(cell(o.payment_order_id), cell(o.seller_account), cell(o.amount + ' ' + o.currency), cell(o.status, o.status));
    const action = document.createElement('td');
    if (o.hosted_page_url && (o.status === 'EXECUTING')) {
      const a = document.createElement('a'); a.href = o.hosted_page_url; a.textContent = 'Pay'; action.append(a);
    }
    tr.append(action);
    return tr;
  }));
  summary.textContent = checkout.is_payment_done ? 'All done for checkout ' + checkoutId + '.'
                                                : 'Waiting for the payment provider… (checkout ' + checkoutId + ')';
  if (!checkout.is_payment_done) setTimeout(refresh, 2000);
}
refresh();
