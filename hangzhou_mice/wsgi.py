from config.wsgi import application  # noqa: F401  (the old path, for one release)
