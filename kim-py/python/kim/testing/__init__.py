"""Helpers for testing code that uses kim.

:mod:`kim.testing.strategies` has `hypothesis <https://hypothesis.readthedocs.io>`_ strategies
for kim's documents: valid and near-valid plans (``kim.plan.v1``), case histories and case
documents (``kim.cases.v1``), distribution inputs, and decimal strings for VZÄ and euro amounts.
hypothesis is an optional dependency of kim (``pip install 'kim[testing]'``): importing this
package does not need it, ``from kim.testing import strategies`` does.
"""
