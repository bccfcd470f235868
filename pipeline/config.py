"""Configuration: the defaults in configs/default.toml, overlaid by a user file."""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "configs" / "default.toml"


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise UsageError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"config file {path} is not valid TOML: {exc}") from None


def _overlay(base: dict, extra: dict, where: str) -> dict:
    """Every key of `extra` must exist in `base` with the same type: typos fail loudly."""
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        name = f"{where}{key}"
        if key not in base:
            raise UsageError(f"unknown config key '{name}' (known: {', '.join(sorted(base))})")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise UsageError(f"config key '{name}' must be a table")
            merged[key] = _overlay(base[key], value, f"{name}.")
        else:
            expected = type(base[key])
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
            if not ok or (expected is int and isinstance(value, bool)):
                raise UsageError(
                    f"config key '{name}' must be {expected.__name__}, got {value!r}")
            merged[key] = value
    return merged


def load_config(path: Path | None = None) -> dict[str, Any]:
    config = _read(DEFAULT_CONFIG)
    if path is not None:
        config = _overlay(config, _read(Path(path)), "")
    return config


def resolve(path: str | Path) -> Path:
    """Config paths are relative to the working directory, falling back to the project root."""
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    candidate = PROJECT_ROOT / path
    return candidate if candidate.exists() else path
