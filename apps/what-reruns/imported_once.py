"""Imported by this lesson's app.py: Python runs this file's top level once per server process."""

import threading
import time

IMPORTED_AT = time.strftime("%H:%M:%S")  # set once, at the first import in this process [WR11]

# Module-level objects: one of each for the whole server process, every session's runs included.
LOCK = threading.Lock()  # in case two sessions add at the same moment
notes_added = 0
