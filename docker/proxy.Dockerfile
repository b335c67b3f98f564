# The reverse proxy, the only service with a published port: TLS, the widget's files and
# pages, and of Rasa only /socket.io/ (docker/nginx/hulpwijzer.conf.template).
# Run web/build.sh first: the widget's socket.io client comes from web/static/vendor.
# Base pinned by digest (linux/amd64, like the Rasa images; docs/production.md, "Images").
FROM nginx:1.28.0-alpine@sha256:09ab424a8c788f8d0fe3a64429f6d19dfa526885c8609b748d0943a75dcb9f8c
COPY web/static /srv/hulpwijzer/static
COPY docker/nginx/hulpwijzer.conf.template /etc/hulpwijzer/hulpwijzer.conf.template
COPY docker/nginx/render.sh /usr/local/bin/hulpwijzer-render
# Our rendered server replaces the image's default one (which would serve the raw pages).
ENV HW_CONF=/etc/nginx/conf.d/default.conf
# render.sh checks the settings, fills in the pages and the configuration, then hands
# over to the image's own entrypoint. A failed check stops the container.
ENTRYPOINT ["/bin/sh", "/usr/local/bin/hulpwijzer-render", "/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
