// The wallet page: lists the user's wallets (the balance read model), tops the selected one up
// through a pay-in paid on the PSP's hosted page, sends money with the book's balance_transfer
// (a fresh transaction_id per click, reused if the same click is retried), and shows the
// selected wallet's history (the history read model, which follows the event list).
import { api, clearError, currentUser, element, money, mountSession, showError } from '../../hotels/js/api.js';

// the selected wallet survives the trip to the PSP's page and back; it is kept per user
const selectedKey = () => 'reckon.wallet.selected.' + currentUser();
let selected = null;

function select(id) {
  selected = id;
  if (id) {
    sessionStorage.setItem(selectedKey(), id);
  } else {
    sessionStorage.removeItem(selectedKey());
  }
}
let wallets = [];

function notice(text) {
  const box = document.getElementById('wallet-notice');
  box.textContent = text;
  box.classList.toggle('hidden', !text);
}

async function refresh() {
  const section = document.getElementById('wallet-section');
  if (!currentUser()) {
    section.classList.add('hidden');
    return;
  }
  section.classList.remove('hidden');
  const list = await api('GET', '/v1/wallet/accounts');
  wallets = list.items;
  if ((!selected || !wallets.some(w => w.account_id === selected)) && wallets.length) {
    // a wallet just opened may not be in the read model yet: keep it selected if it exists
    if (!selected) {
      select(wallets[0].account_id);
    }
  }
  const rows = document.getElementById('wallet-rows');
  rows.replaceChildren();
  const shown = wallets.some(w => w.account_id === selected) || !selected ? wallets
    : [await api('GET', '/v1/wallet/accounts/' + selected), ...wallets];
  for (const w of shown) {
    const live = w.account_id === selected ? await api('GET', '/v1/wallet/accounts/' + w.account_id) : w;
    const row = element('tr');
    row.dataset.account = w.account_id;
    row.append(element('td', w.account_id, 'wallet-id'), element('td', w.currency),
      element('td', money(live.balance, w.currency), 'amount balance'));
    const pick = element('button', w.account_id === selected ? 'Selected' : 'Select');
    pick.type = 'button';
    pick.disabled = w.account_id === selected;
    pick.addEventListener('click', () => { select(w.account_id); refresh().catch(showError); });
    const cell = element('td');
    cell.append(pick);
    row.append(cell);
    rows.append(row);
  }
  document.getElementById('selected-label').textContent = selected ? '(' + selected + ')' : '';
  await history();
}

async function history() {
  const rows = document.getElementById('history-rows');
  rows.replaceChildren();
  if (!selected) {
    return;
  }
  const page = await api('GET', '/v1/wallet/accounts/' + selected + '/transactions?size=50');
  for (const t of page.items) {
    const row = element('tr');
    row.append(element('td', String(t.event)), element('td', new Date(t.at).toLocaleString()),
      element('td', t.purpose.toLowerCase().replace('_', ' ')),
      element('td', (t.type === 'DEBITED' ? '-' : '+') + money(t.amount, t.currency), 'amount'),
      element('td', money(t.balance_after, t.currency), 'amount'));
    rows.append(row);
  }
}

function currencyOf(id) {
  const w = wallets.find(x => x.account_id === id);
  return w ? w.currency : 'EUR';
}

document.getElementById('open-form').addEventListener('submit', async event => {
  event.preventDefault();
  clearError();
  try {
    const opened = await api('POST', '/v1/wallet/accounts', { currency: document.getElementById('open-currency').value.trim() });
    select(opened.account_id);
    notice('Wallet ' + opened.account_id + ' opened.');
    await refresh();
  } catch (e) { showError(e); }
});

document.getElementById('topup-form').addEventListener('submit', async event => {
  event.preventDefault();
  clearError();
  try {
    const topUp = await api('POST', '/v1/wallet/accounts/' + selected + '/top-ups',
      { amount: document.getElementById('topup-amount').value.trim(), currency: currencyOf(selected) });
    let url = topUp.hosted_page_url;
    for (let i = 0; !url && i < 50; i++) {
      await new Promise(r => setTimeout(r, 200));
      url = (await api('GET', '/v1/payments/' + topUp.payment_order_id)).hosted_page_url;
    }
    if (!url) {
      throw new Error('The payment provider has not answered yet; try again in a moment.');
    }
    window.location.assign(url);
  } catch (e) { showError(e); }
});

let pendingTransfer = null;
document.getElementById('send-form').addEventListener('submit', async event => {
  event.preventDefault();
  clearError();
  const body = {
    from_account: selected,
    to_account: document.getElementById('send-to').value.trim(),
    amount: document.getElementById('send-amount').value.trim(),
    currency: currencyOf(selected),
  };
  const key = JSON.stringify(body);
  if (!pendingTransfer || pendingTransfer.key !== key) {
    const id = window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : 'tx-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);
    pendingTransfer = { key, id };
  }
  try {
    const answer = await api('POST', '/v1/wallet/balance_transfer', { ...body, transaction_id: pendingTransfer.id });
    pendingTransfer = null;
    notice('Sent ' + money(body.amount, body.currency) + ' (' + answer.status + ', transaction ' + answer.transaction_id + ').');
    await refresh();
  } catch (e) { showError(e); }
});

mountSession(() => {
  selected = currentUser() ? sessionStorage.getItem(selectedKey()) : null;
  refresh().catch(showError);
});
