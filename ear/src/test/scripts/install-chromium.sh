#!/usr/bin/env bash
# Makes sure Debian's chromium and chromedriver are present for BookingPageIT, which drives
# exactly these two binaries and never lets Selenium download a browser or a driver.
# As root (CI), missing packages are installed from Debian's registry; as anyone else, a missing
# package is an error that says what to install.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
  echo "install-chromium: $CHROMIUM and $CHROMEDRIVER present"
  exit 0
fi

missing=()
[[ -x "$CHROMIUM" ]] || missing+=("$CHROMIUM")
[[ -x "$CHROMEDRIVER" ]] || missing+=("$CHROMEDRIVER")

if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-chromium: missing ${missing[*]}; the browser test needs Debian's packages:" >&2
  echo "  sudo apt-get install -y chromium chromium-driver" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: missing ${missing[*]} and no apt-get to install chromium and chromium-driver" >&2
  exit 1
fi

echo "install-chromium: missing ${missing[*]}; installing chromium and chromium-driver"
# Both together, so the driver matches the browser's version.
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver

for binary in "$CHROMIUM" "$CHROMEDRIVER"; do
  if [[ ! -x "$binary" ]]; then
    echo "install-chromium: $binary still missing after apt-get install" >&2
    exit 1
  fi
done
"$CHROMEDRIVER" --version
