"""The math package is pure: it imports without Django settings and imports no Django."""

from __future__ import annotations

import os
import subprocess
import sys


def test_it_imports_without_django_settings_and_never_imports_django() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys\n"
        "import verkstad.dialogue.math\n"
        "import verkstad.dialogue.math.polis_export\n"
        "from verkstad.dialogue.math import opinion_map\n"
        "opinion_map([(1, 1, 1), (2, 1, -1)])\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
