import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A worker imports what the first forecast would otherwise import while its
# user waits: under `make load` that was 2 s of CPU in each worker's first minute.
from microsystems.analysis.forecast import import_fitting_library  # noqa: E402

import_fitting_library()

# Everything imported so far lives as long as the worker: moved out of the garbage
# collector's reach, so that its collections no longer walk a quarter of a million
# objects that are never garbage. In process, over the load mix, collections took
# about 6% of the CPU before and about 3% after.
import gc  # noqa: E402

gc.freeze()
