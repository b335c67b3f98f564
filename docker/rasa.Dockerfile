# Rasa server image: the official image plus the real Dutch spaCy model.
# Where this image is built, nl_core_news_sm can be downloaded, so the config's one
# spaCy setting is switched to it (see README, "Settings").
FROM rasa/rasa:3.6.21-full
USER root
COPY requirements/rasa.txt /tmp/requirements-rasa.txt
RUN pip install --no-cache-dir -r /tmp/requirements-rasa.txt \
 && python -m spacy download nl_core_news_sm
COPY bot /app/bot
RUN sed -i 's#model: build/spacy/nl_hulpwijzer#model: nl_core_news_sm#' /app/bot/config.yml
WORKDIR /app
ENV PYTHONPATH=/app/bot
USER 1001
