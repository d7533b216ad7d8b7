"""The package the tests import is the one installed from this checkout, and it is current."""

from __future__ import annotations

import unittest
from pathlib import Path

import audio2face_client

SOURCE = Path(__file__).resolve().parents[1] / "src" / "audio2face_client"


class InstalledPackageTests(unittest.TestCase):
    def test_installed_modules_equal_the_sources(self):
        installed = Path(audio2face_client.__file__).resolve().parent
        sources = sorted(path.relative_to(SOURCE) for path in SOURCE.rglob("*.py"))
        self.assertTrue(sources)
        stale = [str(name) for name in sources if (installed / name).read_bytes() != (SOURCE / name).read_bytes()]
        self.assertEqual(
            stale,
            [],
            f"{installed} is older than {SOURCE}: clients/python/install-into-venv.sh .venv-test-tools (scripts/test.sh runs it)",
        )


if __name__ == "__main__":
    unittest.main()
