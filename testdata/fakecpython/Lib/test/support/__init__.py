"""Helpers for the tests, indexed fully."""

import contextlib

TESTFN = "@test"


class Error(Exception):
    def __init__(self, msg):
        self.msg = msg


@contextlib.contextmanager
def captured_stdout():
    yield
