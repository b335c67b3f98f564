# Action server image: only what the actions need, running as a non-root user.
# Base pinned by digest (docs/production.md, "Images"): a tag can be pushed again.
FROM rasa/rasa-sdk:3.6.2@sha256:9ebc0abc5b36d9420343a197bdfd9c478155ca86871dc08f8e823c76f484c948
USER root
COPY requirements/actions.txt /tmp/requirements-actions.txt
COPY requirements/constraints.txt /tmp/constraints.txt
# -c: the same versions as CI's lock.
RUN pip install --no-cache-dir -r /tmp/requirements-actions.txt -c /tmp/constraints.txt
# The project itself the way `make install` installs it: editable (--no-deps: the lock
# above decided every version), so `actions` and `hulpwijzer` import by name and
# hulpwijzer still finds bot/knowledge next to its own folder. Only the packages this
# image runs are copied; pip maps the others (bot/hulpwijzer_rasa, tools/) to nothing.
COPY pyproject.toml /app/pyproject.toml
COPY bot/actions /app/bot/actions
COPY bot/hulpwijzer /app/bot/hulpwijzer
COPY bot/knowledge /app/bot/knowledge
RUN pip install --no-cache-dir --no-deps -e /app
ENV RASA_TELEMETRY_ENABLED=false
USER 1001
