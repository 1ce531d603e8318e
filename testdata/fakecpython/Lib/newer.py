"""Syntax newer than the grammar that hides no name."""

lazy import json
lazy from collections import OrderedDict as _OD

try:
    import _speedups
except ImportError:
    pass
else:
    lazy from _speedups import fast


class Box[T = int]:
    def get[U = str](self, default: U) -> T | U:
        return default
