import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Every request builds many short-lived objects (pandas frames, figure dicts,
# template nodes); with the default thresholds the collector runs hundreds of
# times a request and walks the whole loaded app each time it reaches the oldest
# generation. Objects loaded at start-up are moved out of its sight, and it runs
# less often (cpu_per_request measured about 7% less CPU for the load mix).
gc.freeze()
gc.set_threshold(50_000, 50, 100)
