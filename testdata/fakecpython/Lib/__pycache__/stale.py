def stale():
    pass
