from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections import OrderedDict


def __getattr__(name):
    raise AttributeError(name)


if __name__ == '__main__':
    def main():
        pass
    main()
