"""Hulpwijzer's own tools: the dev stack, CI phases, trainers' tools, knowledge build, benchmarks.

Why a package (it was ``scripts/*.py``, each adding folders to the import path): installed editable
by ``make install`` (``pip install --no-deps -e .``), every tool imports the others and the
product packages by name, and people run them as console scripts (pyproject.toml).
"""
