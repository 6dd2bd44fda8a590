"""What gunicorn serves (``gunicorn wsgi:app``) and what the host commands use (``flask --app wsgi ...``)."""

from workshop.app import create_app

app = create_app()
