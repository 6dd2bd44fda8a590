"""``python -m workshop`` is ``impact-kit``: for a Windows laptop whose Scripts folder is not on PATH."""

from workshop.console import main

main()
