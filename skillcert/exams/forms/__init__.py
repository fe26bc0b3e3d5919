"""Forms of the exams app, one module per stage; they parse input, services decide."""
