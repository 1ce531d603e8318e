class Enum:
    pass


class IntEnum(int, Enum):
    pass


class Color(Enum):
    RED = 1
    GREEN = 2
