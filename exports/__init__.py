"""Word and data exports: pure builders (plain data in, bytes out) plus thin views and host commands."""
