from config.settings import *  # noqa: F403  (the old path, for one release)
