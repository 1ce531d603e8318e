"""Wraps a C accelerator the way socket wraps _socket."""

import _netcore
import os
from _netcore import *
from enum import IntEnum as _IntEnum

__all__ = ["Sock", "connect"]
__all__.extend(os._get_exports_list(_netcore))

_IntEnum._convert_(
    'Family',
    __name__,
    lambda name: name.startswith('FAM_'))


class Sock(_netcore.sock):
    def connect(self, address, timeout=None):
        self.peer = address


def connect(address):
    return Sock().connect(address)


_IntEnum._convert_(
    'Option', __name__,
    lambda name: name.startswith('OPT_') and name != 'OPT_OLD',
    source=_netcore)
