import unittest
from jar import Box

HELPER = 1


class JarTest(unittest.TestCase):
    def test_box(self):
        self.box = Box()


def load_tests(loader, tests, pattern):
    return tests
