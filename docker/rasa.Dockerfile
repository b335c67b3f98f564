# Rasa server image: the official image plus the real Dutch spaCy model.
# Where this image is built, nl_core_news_sm can be downloaded, so the config's one
# spaCy setting is switched to it (see README, "Settings").
# Base pinned by digest (docs/production.md, "Images"): a tag can be pushed again.
FROM rasa/rasa:3.6.21-full@sha256:5d6fe923a03dd01f022e3f598f39f25eb39db418c5f49bcd250db0d93cb0003c
USER root
COPY requirements/rasa.txt /tmp/requirements-rasa.txt
COPY requirements/constraints.txt /tmp/constraints.txt
# -c: the same versions as CI's lock, not whatever the image or PyPI has today.
# nl_core_news_sm pinned to the spaCy minor of the lock (spacy 3.4.x).
RUN pip install --no-cache-dir -r /tmp/requirements-rasa.txt -c /tmp/constraints.txt \
 && python -m spacy download nl_core_news_sm-3.4.0 --direct --no-cache-dir
COPY pyproject.toml /app/pyproject.toml
COPY bot /app/bot
# The project the way `make install` installs it (editable, --no-deps): config.yml,
# credentials.yml and endpoints*.yml name its classes by package.
RUN pip install --no-cache-dir --no-deps -e /app
RUN sed -i 's#model: build/spacy/nl_hulpwijzer#model: nl_core_news_sm#' /app/bot/config.yml
WORKDIR /app
ENV RASA_TELEMETRY_ENABLED=false
USER 1001
