"""Input channels (credentials.yml): socket.io for the widget, REST for integrations and tests."""
