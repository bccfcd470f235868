"""Errors a user can act on: the CLI prints them as one line, without a traceback."""


class UsageError(Exception):
    """Bad invocation, configuration or missing prerequisite."""


class ModelError(UsageError):
    """A model file is missing or damaged."""
