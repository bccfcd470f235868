"""Evaluation against human-annotated corpora in ../shared/data (never copied into the repo)."""
