"""A class hierarchy that crosses modules, and classes the index cannot close."""

from abc import ABCMeta
from collections import namedtuple
from dataclasses import dataclass
from shapes.base import Shape as _Shape
import shapes.round


class Box(_Shape, metaclass=ABCMeta):
    pass


class Jar(shapes.round.Circle):
    pass


class Pair(namedtuple('Pair', 'left right')):
    pass


class Proxy:
    def __getattr__(self, name):
        return name


@dataclass
class Lid:
    size: int
    color: str = "red"


class Error(Exception):
    pass


Box.capacity = 3
