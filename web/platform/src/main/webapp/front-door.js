// Fills in what only the server knows: whether the PSP sandbox is deployed (dev, test), and the
// management port that serves metrics. Without an answer the page keeps its static links.
async function frontDoor() {
  const response = await fetch('/front-door', { credentials: 'omit', headers: { Accept: 'application/json' } });
  if (!response.ok) return;
  const links = await response.json();
  if (links.psp_sandbox) {
    document.getElementById('link-psp-sandbox').href = links.psp_sandbox;
    document.getElementById('sandbox-item').classList.remove('hidden');
  }
  const metrics = document.getElementById('link-metrics');
  const port = Number(links.management_port);
  if (Number.isInteger(port) && port > 0) {
    metrics.href = location.protocol + '//' + location.hostname + ':' + port + links.metrics_path;
    document.getElementById('management-port').textContent = String(port);
  }
}

frontDoor().catch(() => { /* the static links stay */ });
