"""The trainers' scenario tool (``make scenarios``, console script ``hulpwijzer-scenarios``).

Why a package of its own: trainers are one of Hulpwijzer's three user groups, and their
tool has five separate jobs that change for different reasons. ``schema`` reads the
scenario files (tests/scenarios/*.yml, format in docs/trainers.md), ``client`` talks to a
running assistant over REST (the tests use the same client), ``runner`` plays the
conversations and checks each reply, ``report`` writes the terminal table and the HTML
report, and ``cli`` ties them together.
"""
