# Action server image: only what the actions need, running as a non-root user.
# Base pinned by digest (docs/production.md, "Images"): a tag can be pushed again.
FROM rasa/rasa-sdk:3.6.2@sha256:9ebc0abc5b36d9420343a197bdfd9c478155ca86871dc08f8e823c76f484c948
USER root
COPY requirements/actions.txt /tmp/requirements-actions.txt
COPY requirements/constraints.txt /tmp/constraints.txt
# -c: the same versions as CI's lock.
RUN pip install --no-cache-dir -r /tmp/requirements-actions.txt -c /tmp/constraints.txt
COPY bot/actions /app/actions
COPY bot/hulpwijzer /app/hulpwijzer
COPY bot/knowledge /app/knowledge
ENV PYTHONPATH=/app \
    RASA_TELEMETRY_ENABLED=false
USER 1001
