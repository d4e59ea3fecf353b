// The leaderboard page: reads GET /v1/scores (top 10) and GET /v1/scores/{user_id} (my rank and
// neighbours), and reads them again whenever the event stream says the month's board changed.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const monthInput = document.getElementById('month');
  const userInput = document.getElementById('user-id');
  monthInput.value = params.get('month') || '';
  userInput.value = params.get('user_id') || localStorage.getItem('reckon.leaderboard.user') || '';

  function month() {
    return monthInput.value.trim();
  }

  function query() {
    return month() ? '?month=' + encodeURIComponent(month()) : '';
  }

  function error(text) {
    const e = document.getElementById('error');
    e.textContent = text || '';
    e.classList.toggle('hidden', !text);
  }

  function row(entry, me) {
    const tr = document.createElement('tr');
    tr.dataset.userId = entry.user_id;
    if (entry.user_id === me) {
      tr.className = 'me';
    }
    for (const value of [entry.rank, entry.user_name, entry.score]) {
      const td = document.createElement('td');
      td.textContent = value;
      tr.appendChild(td);
    }
    return tr;
  }

  async function read(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.detail || body.title || response.status);
    }
    return body;
  }

  let generation = 0;
  async function refresh() {
    const mine = ++generation;
    const me = userInput.value.trim();
    try {
      const top = await read('/v1/scores' + query());
      if (mine !== generation) return;
      const body = document.querySelector('#top tbody');
      body.replaceChildren(...top.data.map(e => row(e, me)));
      document.getElementById('total').textContent = '(' + top.total + ' players)';
      const section = document.getElementById('me-section');
      if (me) {
        try {
          const around = await read('/v1/scores/' + encodeURIComponent(me) + query());
          if (mine !== generation) return;
          document.getElementById('my-rank').textContent = around.rank;
          document.getElementById('my-score').textContent = around.score;
          const self = { user_id: around.user_id, user_name: around.user_name, rank: around.rank, score: around.score };
          document.querySelector('#around tbody').replaceChildren(
            ...[...around.above, self, ...around.below].map(e => row(e, me)));
          section.classList.remove('hidden');
        } catch (e) {
          section.classList.add('hidden');
          throw e;
        }
      } else {
        section.classList.add('hidden');
      }
      error('');
    } catch (e) {
      error(e.message);
    }
  }

  document.getElementById('player-form').addEventListener('submit', event => {
    event.preventDefault();
    localStorage.setItem('reckon.leaderboard.user', userInput.value.trim());
    refresh();
  });

  const live = document.getElementById('live');
  const events = new EventSource('/v1/leaderboard/events');
  events.addEventListener('hello', () => { live.textContent = 'live'; live.dataset.state = 'live'; });
  events.addEventListener('scores', event => {
    const changed = JSON.parse(event.data).month;
    const shown = month() || new Date().toISOString().substring(0, 7);
    if (changed === shown) {
      refresh();
    }
  });
  events.onerror = () => { live.textContent = 'reconnecting…'; live.dataset.state = 'down'; };
  refresh();
})();
