"""Importing an existing plan from Word, Excel or CSV, and carrying actions over to a new plan.

Files are read into a format-independent `ImportedPlan` (ir.py) by one reader per format
(readers.py) and one table interpreter (builder.py); one service writes it (services.py).
"""
