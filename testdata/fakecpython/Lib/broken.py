def before(a, b=2):
    return a

def half(x:
    return x

class After:
    def method(self):
        return 1
