print('a helper script')
