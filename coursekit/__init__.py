"""Helpers shared by the lessons of the course on Belano's essay.

``from coursekit import load, charts`` gives a lesson the validated datasets
and the chart builders; see :mod:`coursekit.data` and :mod:`coursekit.charts`.
"""
from . import charts, tables
from .data import DataError, categories, data_dir, dataset_names, load, schema

__all__ = ["charts", "tables", "DataError", "categories", "data_dir", "dataset_names", "load", "schema"]
