"""Series ("tours"): several workshops reported together, with themes of their own across them.

``operations`` groups and edits the series' themes (never the workshops' own), ``queries``
reads what the series page shows, ``views`` serves it. Other packages add links to the series
page (the report, the write-up) through ``workshop.links.register_series``.
"""
