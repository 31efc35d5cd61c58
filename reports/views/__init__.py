from reports.views.workbench import workbench

__all__ = ["workbench"]
