#!/usr/bin/env bash
# Install Debian's nginx (and envsubst, openssl) for tests/e2e/test_production_proxy.py,
# which runs the compose proxy configuration (docker/nginx/) on loopback.
# Why Debian's nginx and not the image's: no Docker engine runs on the development
# machines; the configuration uses only modules both builds have (ssl, http_v2, proxy).
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  if command -v envsubst >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
    exit 0
  fi
fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "nginx is missing; install it with: apt-get install nginx gettext-base openssl" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing nginx from Debian ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx gettext-base openssl >/dev/null
# The tests start their own nginx on loopback. Debian's package starts a system nginx on
# port 80 where systemd runs; a help site's test machine should not serve a default page.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
