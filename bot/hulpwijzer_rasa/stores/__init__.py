"""Tracker stores (endpoints.yml, endpoints.redis.yml): expiring, trimmed, forgettable conversations."""
