"""`journeys diff` as a library: the catalog at two revisions read and validated
(`sides.py`), compared (`changes.py`), and reported as Markdown for a pull-request
comment or as JSON (`report.py`)."""
