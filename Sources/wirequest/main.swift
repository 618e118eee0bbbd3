print("wirequest")
