# Action server image: only what the actions need, running as a non-root user.
FROM rasa/rasa-sdk:3.6.2
USER root
COPY requirements/actions.txt /tmp/requirements-actions.txt
RUN pip install --no-cache-dir -r /tmp/requirements-actions.txt
COPY bot/actions /app/actions
COPY bot/hulpwijzer /app/hulpwijzer
COPY bot/knowledge /app/knowledge
ENV PYTHONPATH=/app
USER 1001
