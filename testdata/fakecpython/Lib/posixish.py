sep = '/'


def join(a, *p):
    return a
