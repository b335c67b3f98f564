"""Rasa NLU components and channels of Hulpwijzer (thin adapters around ``hulpwijzer``)."""
