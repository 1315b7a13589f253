"""Runs a command and reports its exit status, so a test can check it exactly.

usage: exit-code.py COMMAND [ARGS...]

Passes the command's stderr, then its stdout, through to stdout (stderr
first, so diagnostics come before any partial output), then prints
`exit code: N` and exits 0. A command killed by a signal reports a negative
N, which no test expects.
"""

import subprocess
import sys

if len(sys.argv) < 2:
    raise SystemExit(__doc__)
result = subprocess.run(sys.argv[1:], capture_output=True)
sys.stdout.buffer.write(result.stderr)
sys.stdout.buffer.write(result.stdout)
print(f"exit code: {result.returncode}")
