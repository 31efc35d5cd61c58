"""The receivable pages: lists, the plan editor, payments and invoices."""
