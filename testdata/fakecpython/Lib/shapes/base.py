"""Base shapes: properties, static and class methods, slots, instance attributes."""

__all__ = ["Shape", "area_of"]

import functools


class Shape:
    __slots__ = ("name", "_cache")

    sides = 0
    label: str = "shape"

    def __init__(self, name, /, *, scale=1.0):
        self.name = name
        self.width: float = scale
        self.height, self._depth = 1, 2

    @property
    def area(self):
        return 0

    @area.setter
    def area(self, value):
        self._area = value

    @functools.cached_property
    def perimeter(self):
        return 0

    @staticmethod
    def unit(kind, size=1):
        return Shape(kind)

    @classmethod
    def from_text(cls, text, *parts, sep=",", **options):
        cls.last_parsed = text
        return cls(text)

    class Meta:
        ordering = ("name",)

    def _reset(self):
        def helper():
            self.helped = True
        helper()


def area_of(shape, /, scale=1.0, *, precise=False, **opts):
    return 0


def describe(shape, fmt: str = "{name}",
             *args: object,
             width: int = (
                 80),
             **kwargs: str) -> str:
    return fmt
