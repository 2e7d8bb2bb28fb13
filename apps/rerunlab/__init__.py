"""Rerun Lab's lesson package: the catalog of lessons (``rerunlab.catalog``), the kit every
lesson page is built with (``rerunlab.lessonkit``) and the teacher dashboard's reader of the
lessons' metrics (``rerunlab.lesson_metrics``).

Importing this package imports nothing else: nginx's build stage reads the catalog without
Streamlit installed.
"""
