"""A toy package that gathers its submodules, like asyncio does."""

from .base import *
from .round import *
from . import round

VERSION = "1.0"

__all__ = (base.__all__ +
           round.__all__ +
           ["VERSION", "made_at_runtime"])
