#!/usr/bin/env bash
# Print the path of a Python interpreter that Rasa 3.6 supports (3.8, 3.9 or 3.10).
# Why: Rasa 3.6.21 and its TensorFlow do not install on 3.11+, and the default python3
# on many machines is 3.11. Order: $PYTHON, pyenv's 3.10.13, any pyenv 3.10/3.9/3.8,
# then python3.10/3.9/3.8 on PATH.
set -u

in_range() {
  "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' 2>/dev/null
}

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
  prefix=$(pyenv prefix 3.10.13 2>/dev/null) && candidates+=("$prefix/bin/python")
  root=$(pyenv root 2>/dev/null)
  for v in "$root"/versions/3.10.* "$root"/versions/3.9.* "$root"/versions/3.8.*; do
    [ -x "$v/bin/python" ] && candidates+=("$v/bin/python")
  done
fi
for name in python3.10 python3.9 python3.8 python3; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done

for c in "${candidates[@]}"; do
  if [ -x "$c" ] && in_range "$c"; then
    echo "$c"
    exit 0
  fi
done

cat >&2 <<'MSG'
ERROR: Hulpwijzer needs Python 3.8, 3.9 or 3.10 (Rasa 3.6.21 does not support 3.11 or newer).
None was found. Install one, for example:
  pyenv install 3.10.13            # then run make again
  sudo apt-get install python3.10 python3.10-venv
or point to one with: make PYTHON=/path/to/python3.10 ...
MSG
exit 1
