"""Settings for every environment, one file per concern, each read from
environment variables (config/env.py); no file exists for one environment
only. DJANGO_SETTINGS_MODULE=config.settings.
"""

from .base import *  # noqa: F403
from .enquiries import *  # noqa: F403
from .languages import *  # noqa: F403
from .media import *  # noqa: F403
from .operations import *  # noqa: F403
from .rosters import *  # noqa: F403
from .security import *  # noqa: F403
from .signin import *  # noqa: F403
