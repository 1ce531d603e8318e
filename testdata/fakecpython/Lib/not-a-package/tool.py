def run():
    def inner():
        pass


class Helper:
    def go(self):
        pass
