#!/usr/bin/env python3
"""Runs the Python client's tests and prints one JSON summary on stdout (the unittest report goes to
stderr). Exit status 0 when every test passed and none was skipped.

    python clients/python/tests/run_tests.py [--url WS_URL --token KEY --url-float32 WS_URL \
        --audio2face PATH --convert-config PATH]

Without the server options only the tests that need no server run (the others are skipped). The
Swift test Tests/Audio2FaceCLITests/PythonClientTests.swift starts the servers and passes them all.
"""

import argparse
import json
import os
import sys
import unittest
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="WebSocket URL of the server with API keys and float16 frames")
    parser.add_argument("--token", help="an API key that server accepts")
    parser.add_argument("--url-float32", help="WebSocket URL of the server without keys sending float32 frames")
    parser.add_argument("--audio2face", help="the audio2face executable, for `convert`")
    parser.add_argument("--convert-config", help="the config `convert` runs with (same engine and blink seed)")
    parser.add_argument("-k", dest="pattern", action="append", help="only tests whose name contains this")
    options = parser.parse_args()
    for name, value in (
        ("A2F_TEST_URL", options.url),
        ("A2F_TEST_TOKEN", options.token),
        ("A2F_TEST_URL_FLOAT32", options.url_float32),
        ("A2F_TEST_AUDIO2FACE", options.audio2face),
        ("A2F_TEST_CONVERT_CONFIG", options.convert_config),
    ):
        if value:
            os.environ[name] = value
    sys.path.insert(0, str(TESTS))
    loader = unittest.TestLoader()
    if options.pattern:
        loader.testNamePatterns = [f"*{pattern}*" for pattern in options.pattern]
    suite = loader.discover(str(TESTS), pattern="test_*.py", top_level_dir=str(TESTS))
    test_ids = _ids(suite)  # the runner empties the suite as it goes
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
    failed = {test.id() for test, _ in result.failures + result.errors}
    skipped = {test.id() for test, _ in result.skipped}
    summary = {
        "tests_run": result.testsRun,
        "passed": sorted(test_ids - failed - skipped),
        "failures": [{"test": test.id(), "traceback": text} for test, text in result.failures + result.errors],
        "skipped": [{"test": test.id(), "reason": reason} for test, reason in result.skipped],
    }
    print(json.dumps(summary, indent=1))
    return 0 if result.wasSuccessful() and not result.skipped and result.testsRun > 0 else 1


def _ids(suite) -> set:
    ids = set()
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            ids |= _ids(item)
        else:
            ids.add(item.id())
    return ids


if __name__ == "__main__":
    sys.exit(main())
