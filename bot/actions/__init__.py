"""Custom actions of Hulpwijzer: thin rasa_sdk adapters around ``hulpwijzer``."""
