"""Hulpwijzer's decisions as pure Python: places, services, routing, danger cues."""
