"""The examples in the presentation modules' docstrings are run, so they cannot drift from the code."""
import doctest
import importlib

import pytest

MODULES = ["conversql.present", "conversql.present.charts", "conversql.present.chartjs",
           "conversql.present.comparison", "conversql.present.insights", "conversql.present.misfit",
           "conversql.present.narrative", "conversql.present.periods", "conversql.present.roles",
           "conversql.present.shape", "conversql.present.vega", "conversql.present.wording"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0
