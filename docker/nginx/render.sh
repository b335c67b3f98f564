#!/bin/sh
# Prepare Hulpwijzer's proxy at start, then run the given command (nginx).
#
# 1. Check the settings and refuse to start (exit 1) on one that would make the site
#    unsafe: "Snel weg" must leave for an absolute http(s) URL on another host than
#    this site; the site itself is https; partner origins are exact https origins (the
#    same rules as web/server.py's PARTNER_ORIGINS, but https only: this is the public
#    site).
# 2. Copy the widget's files to $HW_RUN/site and fill in {{RASA_URL}} (this site's own
#    origin: the proxy carries socket.io on it) and {{EXIT_URL}} in every page (only
#    widget.html has them); a placeholder left over stops the start, so no page is ever
#    served with "{{...}}" in it.
# 3. Render hulpwijzer.conf.template with envsubst, naming the variables, so nginx's
#    own $variables stay untouched. The three Content-Security-Policies are made here,
#    as web/server.py's content_security_policy() makes them (test_production_proxy.py
#    compares the two servers' headers path by path).
# 4. TLS: the mounted certificate; without one, a self-signed one is made only when the
#    site is localhost/127.0.0.1 (local use), never for a public name.
#
# Why a script and not only nginx's /etc/nginx/templates: step 1 must refuse, not just
# substitute; and tests/e2e/test_production_proxy.py runs this same script with Debian's
# nginx on loopback (POSIX sh: busybox in the image, dash on Debian).
#
# Settings (environment; defaults are the compose image's paths):
#   PUBLIC_ORIGIN     https://help.example.nl[:port], the address people use (required)
#   EXIT_URL          where "Snel weg" goes (https://www.google.nl/)
#   PARTNER_ORIGINS   who may frame /widget: exact https origins and/or 'self' (the demo
#                     page at /), space-separated; 'none' alone, or empty/unset: nobody
#   RASA_UPSTREAM     host:port of Rasa (rasa:5005)
#   LISTEN_HTTP, LISTEN_HTTPS   nginx listen values (8080, 8443)
#   TLS_CERT, TLS_KEY           PEM files (/etc/hulpwijzer/tls/cert.pem, key.pem)
#   HW_STATIC, HW_RUN, HW_TEMPLATE, HW_CONF   where files come from and go to
set -eu
set -f  # PARTNER_ORIGINS is split on spaces below: no globbing of '*.example.nl'

fail() {
  echo "hulpwijzer proxy: $*" >&2
  exit 1
}

PUBLIC_ORIGIN=${PUBLIC_ORIGIN:-}
EXIT_URL=${EXIT_URL:-https://www.google.nl/}
PARTNER_ORIGINS=${PARTNER_ORIGINS:-"'none'"}  # empty or unset (compose's default): nobody
RASA_UPSTREAM=${RASA_UPSTREAM:-rasa:5005}
LISTEN_HTTP=${LISTEN_HTTP:-8080}
LISTEN_HTTPS=${LISTEN_HTTPS:-8443}
TLS_CERT=${TLS_CERT:-/etc/hulpwijzer/tls/cert.pem}
TLS_KEY=${TLS_KEY:-/etc/hulpwijzer/tls/key.pem}
HW_STATIC=${HW_STATIC:-/srv/hulpwijzer/static}
HW_RUN=${HW_RUN:-/run/hulpwijzer}
HW_TEMPLATE=${HW_TEMPLATE:-/etc/hulpwijzer/hulpwijzer.conf.template}
HW_CONF=${HW_CONF:-/etc/nginx/conf.d/hulpwijzer.conf}
HW_SITE=$HW_RUN/site

# Host of an absolute http(s) URL, lower case, without a trailing dot. Only URL
# characters that cannot end an HTML attribute or an nginx string are accepted (no
# quotes, spaces, newlines, $, ;, braces, backslashes), and no user@ part, which would
# let "https://www.google.nl@evil.example" pass for Google.
url_host() {
  case $1 in
    *[!A-Za-z0-9._~:/?=\&%+-]*) return 1 ;;
    http://?* | https://?*) ;;
    *) return 1 ;;
  esac
  rest=${1#*://}
  hostport=${rest%%[/?]*}
  host=${hostport%:*}
  if [ "$host" != "$hostport" ]; then
    case ${hostport##*:} in '' | *[!0-9]*) return 1 ;; esac
  fi
  case $host in '' | .* | *..* | *[!A-Za-z0-9.-]*) return 1 ;; esac
  printf '%s' "${host%.}" | tr 'A-Z' 'a-z'
}

# --- 1. settings -----------------------------------------------------------------
[ -n "$PUBLIC_ORIGIN" ] || fail "PUBLIC_ORIGIN is not set (e.g. https://help.example.nl)"
case $PUBLIC_ORIGIN in
  https://*) ;;
  *) fail "PUBLIC_ORIGIN must be an https origin, got '$PUBLIC_ORIGIN'" ;;
esac
case ${PUBLIC_ORIGIN#https://} in
  *[/?]*) fail "PUBLIC_ORIGIN is an origin only (https://host[:port], no path), got '$PUBLIC_ORIGIN'" ;;
esac
site_host=$(url_host "$PUBLIC_ORIGIN") || fail "PUBLIC_ORIGIN is not a valid https origin: '$PUBLIC_ORIGIN'"

exit_host=$(url_host "$EXIT_URL") ||
  fail "EXIT_URL must be an absolute http(s) URL such as https://www.google.nl/, got '$EXIT_URL'"
[ "$exit_host" != "$site_host" ] ||
  fail "EXIT_URL must lead away from this site ($site_host), got '$EXIT_URL'"

# PARTNER_ORIGINS becomes /widget's CSP frame-ancestors. As web/server.py's
# parse_partner_origins: exact origins only, no wildcard ('https://*.example.nl' would let
# sites frame the widget that nobody chose), no scheme alone, no path; 'none' only alone;
# lower case, each once.
partners=
for origin in $PARTNER_ORIGINS; do
  case $origin in
    "'none'" | "'self'") token=$origin ;;
    *\**) fail "PARTNER_ORIGINS: '$origin' is not an exact origin (no wildcards)" ;;
    https://*)
      partner=${origin#https://}
      partner=${partner%/}
      case $partner in
        *[/?#]*) fail "PARTNER_ORIGINS holds origins without a path, got '$origin'" ;;
      esac
      url_host "https://$partner" >/dev/null ||
        fail "PARTNER_ORIGINS: not a valid origin: '$origin'"
      token=https://$(printf '%s' "$partner" | tr 'A-Z' 'a-z')
      ;;
    *) fail "PARTNER_ORIGINS holds https origins, 'self' or 'none', got '$origin'" ;;
  esac
  case " $partners " in
    *" $token "*) ;;
    *) partners="${partners:+$partners }$token" ;;
  esac
done
case " $partners " in
  " " | " 'none' ") PARTNER_ORIGINS="'none'" ;;
  *" 'none' "*) fail "PARTNER_ORIGINS: 'none' cannot be combined with origins" ;;
  *) PARTNER_ORIGINS=$partners ;;
esac

case $RASA_UPSTREAM in
  *[!A-Za-z0-9.:-]* | :* | *: | *:*:*) fail "RASA_UPSTREAM must be host:port, got '$RASA_UPSTREAM'" ;;
  *:*) ;;
  *) fail "RASA_UPSTREAM must be host:port, got '$RASA_UPSTREAM'" ;;
esac
for listen in "$LISTEN_HTTP" "$LISTEN_HTTPS"; do
  case $listen in
    '' | *[!0-9.:]*) fail "LISTEN_HTTP/LISTEN_HTTPS must be a port or address:port, got '$listen'" ;;
  esac
done
for path in "$TLS_CERT" "$TLS_KEY" "$HW_RUN"; do
  case $path in
    /*) ;;
    *) fail "paths must be absolute, got '$path'" ;;
  esac
  case $path in
    *[!A-Za-z0-9._/-]*) fail "path with characters nginx would misread: '$path'" ;;
  esac
done
for file in widget.js vendor/socket.io.min.js; do
  [ -f "$HW_STATIC/$file" ] || fail "$HW_STATIC/$file is missing (run web/build.sh before building)"
done

# --- 2. the site ---------------------------------------------------------------
mkdir -p "$HW_SITE"
cp -R "$HW_STATIC/." "$HW_SITE/"
# In HTML an & starts a character reference; for sed, & and | are special.
exit_html=$(printf '%s' "$EXIT_URL" | sed 's/&/\&amp;/g')
exit_sed=$(printf '%s' "$exit_html" | sed 's/&/\\&/g')
find "$HW_SITE" -type f -name '*.html' | while read -r page; do
  sed -e "s|{{RASA_URL}}|$PUBLIC_ORIGIN|g" -e "s|{{EXIT_URL}}|$exit_sed|g" "$page" >"$page.tmp"
  mv "$page.tmp" "$page"
done
left=$(grep -l '{{[A-Z_]*}}' $(find "$HW_SITE" -type f -name '*.html') /dev/null || true)
[ -z "$left" ] || fail "placeholders this script does not fill are left in: $left"

# --- 4. TLS (before 3: the certificate paths go into the configuration) -----------
if [ ! -r "$TLS_CERT" ] || [ ! -r "$TLS_KEY" ]; then
  case $site_host in
    localhost | 127.0.0.1) ;;
    *) fail "no certificate at $TLS_CERT and $TLS_KEY: mount the certificate for $site_host (docs/production.md)" ;;
  esac
  command -v openssl >/dev/null 2>&1 ||
    fail "no certificate at $TLS_CERT and no openssl to make a local one (docs/production.md)"
  mkdir -p "$HW_RUN/tls"
  TLS_CERT=$HW_RUN/tls/cert.pem
  TLS_KEY=$HW_RUN/tls/key.pem
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=$site_host" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$TLS_KEY" -out "$TLS_CERT" 2>/dev/null ||
    fail "openssl could not make a local certificate"
  chmod 600 "$TLS_KEY"
  echo "hulpwijzer proxy: self-signed certificate for $site_host (local use only)" >&2
fi

# --- 3. nginx configuration -------------------------------------------------------
# The Content-Security-Policy as web/server.py's content_security_policy() builds it,
# with this site as the Rasa server (RASA_URL = PUBLIC_ORIGIN): code, styles and images
# only from here, data only from here over https and wss. $1: frame-src (empty: none),
# $2: frame-ancestors.
csp() {
  printf "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
  printf "connect-src 'self' %s wss://%s" "$PUBLIC_ORIGIN" "${PUBLIC_ORIGIN#https://}"
  [ -z "$1" ] || printf '; frame-src %s' "$1"
  printf "; base-uri 'none'; form-action 'none'; frame-ancestors %s" "$2"
}
HW_WIDGET_CSP=$(csp '' "$PARTNER_ORIGINS")  # /widget: the partners may frame it
HW_DEMO_CSP=$(csp "'self'" "'none'")        # /: the demo page frames /widget
HW_FILE_CSP=$(csp '' "'none'")              # everything else
export PUBLIC_ORIGIN RASA_UPSTREAM LISTEN_HTTP LISTEN_HTTPS TLS_CERT TLS_KEY HW_SITE
export HW_WIDGET_CSP HW_DEMO_CSP HW_FILE_CSP
mkdir -p "$(dirname "$HW_CONF")"
envsubst '${PUBLIC_ORIGIN} ${RASA_UPSTREAM} ${LISTEN_HTTP} ${LISTEN_HTTPS} ${TLS_CERT} ${TLS_KEY} ${HW_SITE} ${HW_WIDGET_CSP} ${HW_DEMO_CSP} ${HW_FILE_CSP}' \
  <"$HW_TEMPLATE" >"$HW_CONF.tmp"
mv "$HW_CONF.tmp" "$HW_CONF"
echo "hulpwijzer proxy: $PUBLIC_ORIGIN, Snel weg to $exit_host, /widget framed by $PARTNER_ORIGINS" >&2

if [ "$#" -gt 0 ]; then
  exec "$@"
fi
