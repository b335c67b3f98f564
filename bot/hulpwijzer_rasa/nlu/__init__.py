"""NLU graph components (config.yml pipeline) and the neutralising of typed text."""
