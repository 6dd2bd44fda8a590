"""Pure document builders: they take the plain data of ``exports.data`` and return ``.docx`` bytes.

Nothing in this package imports Flask or the database.
"""
