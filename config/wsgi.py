import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A worker imports what the first forecast would otherwise import while its
# user waits: under `make load` that was 2 s of CPU in each worker's first minute.
from microsystems.analysis.forecast import import_fitting_library  # noqa: E402

import_fitting_library()
