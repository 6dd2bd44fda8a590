"""Checks of skip logic: conditions on later questions, loops, and conditions that can never be true."""
