"""Hulpwijzer's Rasa extensions, one module per extension point Rasa offers.

- ``nlu/``: graph components named in config.yml (place extractor, risk screen) and the
  neutralising of typed text (``nlu.user_text``) that every channel applies first.
- ``channels/``: input channels named in credentials.yml (socket.io for the widget,
  REST), with the server-issued conversation ids (``channels.session_ids``).
- ``stores/``: tracker stores named in endpoints.yml / endpoints.redis.yml.
- ``action_resilience``: the fallback when the action server is down or slow. Rasa has
  no hook for it, so it wraps ``RemoteAction.run``; it is installed at server start by
  the tracker store (``stores.tracker_store``), never by importing this package.
"""
