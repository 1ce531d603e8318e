"""Names made by loops, conditional definitions and optional accelerators."""

import sys
import os

__always = ('md5', 'sha1', 'sha256')


def __get(name):
    return name


for __n in __always:
    try:
        globals()[__n] = __get(__n)
    except ValueError:
        pass

globals()['blake'] = None

del __always, __n

try:
    from _fasthash import digest
except ImportError:
    digest = None

if sys.platform == 'win32':
    def win_only():
        pass
else:
    def posix_only():
        pass

if os.name == 'nt':
    def both():
        return 'nt'
else:
    def both():
        return 'posix'
