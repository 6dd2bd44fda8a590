"""The neutral pure package: what several domains share, importing none of them.

Word primitives (:mod:`.word`), text cleaning (:mod:`.text`), British dates (:mod:`.dates`), file
names (:mod:`.naming`), CSV/JSON/XLSX files (:mod:`.datafiles`), MIME types (:mod:`.mime`) and the
font lookup (:mod:`.fonts`), the workshop heading of a document (:mod:`.heading`) and the copying
of settings to and from a record (:mod:`.settings`) are used by ``workshop``, ``surveys`` and ``exports`` alike. Keeping
them here, free of Flask, the database and every other project package, lets each domain import
them without importing another domain (tests/test_architecture.py checks it).
"""
