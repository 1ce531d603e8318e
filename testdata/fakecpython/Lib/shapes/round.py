from .base import *

__all__ = ["Circle"]
__all__ += ["Ellipse"]
__all__.append("unit_circle")


class Circle(Shape):
    def __init__(self, radius):
        super().__init__("circle")
        self.radius = radius


class Ellipse(Circle):
    pass


unit_circle = Circle(1)
