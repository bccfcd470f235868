"""Offline jobs (model training) that are not part of a pipeline run."""
