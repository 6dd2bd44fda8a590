"""The activity kinds after the statements and the quick poll (issue 16): word cloud, scale, ranking and
questions to the facilitator. ``words``, ``scales``, ``rankings`` and ``questions`` are pure cores (no
Flask, no database); ``operations`` stores the participants' answers and the facilitator's changes.
"""
