"""Gathering many runs of an array at once, the way numpy likes it."""

from __future__ import annotations

import numpy as np


def run_indices(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices of the runs starts[i] : starts[i] + lengths[i], laid end to end.

    Each run's members in one numpy pass (a start per run, then one step per member), not
    a Python loop per run: a document's tags, a posting's positions, the occurrences one
    position on.
    """
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    indices: np.ndarray = offsets + np.arange(len(offsets))
    return indices
