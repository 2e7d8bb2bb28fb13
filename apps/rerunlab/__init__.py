"""Rerun Lab's lesson package, installed into every lesson image, nginx's build stage and the
test and benchmark environment.

For every lesson:
- ``rerunlab.catalog``: the one list of lessons (catalog.toml), and each lesson's facts
  (apps/<slug>/lesson.toml);
- ``rerunlab.lessonkit``: the kit every lesson page is built with (heading, run counter,
  timeline, exercises, code panels);
- ``rerunlab.checkin``: recording the answers students check, for the teacher;
- ``rerunlab.serve``: how an image starts a lesson (``streamlit run`` with TCP_NODELAY).

For the teacher dashboard only (apps/teacher/):
- ``rerunlab.lesson_metrics``: a lesson's health and session counts, read from its metrics;
- ``rerunlab.class_watch``: those readings taken in the background from the server's start;
- ``rerunlab.checkin_view``: the class check-in's view (what the class answered).

Importing this package imports nothing else: nginx's build stage reads the catalog without
Streamlit installed.
"""
