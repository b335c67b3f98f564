#!/usr/bin/env bash
# Install the widget's browser libraries from npm (exact versions from package-lock.json)
# and copy the socket.io client into web/static/vendor/, which web/server.py serves.
# Why: the page may make no third-party request, so nothing comes from a CDN.
# axe-core stays in node_modules: only the browser tests use it.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing; install Node.js 18+ (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
mkdir -p static/vendor
cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/socket.io.min.js
echo "web: socket.io-client $(node -p 'require("./node_modules/socket.io-client/package.json").version') in static/vendor/"
