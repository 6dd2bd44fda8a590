"""Survey designer: question bank, builder, good-practice checks, publishing and results."""
