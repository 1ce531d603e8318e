import sys

if 'posix' in sys.builtin_module_names:
    import posixish as path
else:
    import ntish as path

sys.modules['osish.path'] = path
sep = path.sep
