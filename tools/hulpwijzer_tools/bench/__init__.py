"""Figures, not judgements: latency, start-up time and memory of the servers, place resolution speed, load."""
