"""Documents: the loaded content turned into what writers render (model.Document).

The plan is one document (plan.py); a follow-up or change report will be another module
here, rendered by the same writers.
"""
