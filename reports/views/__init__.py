"""The reports app's pages: the workbench and one module per report."""

from reports.views.workbench import workbench

__all__ = ["workbench"]
