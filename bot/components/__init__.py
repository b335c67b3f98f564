"""Rasa-side code of Hulpwijzer: NLU components, channels, tracker store, resilience.

Importing this package (Rasa does, for the channels in credentials.yml and the
components in config.yml) installs the action-server fallback of
``components.resilience``: a dead or slow action server still yields 112 and
Veilig Thuis.
"""

from components import resilience

resilience.install()
