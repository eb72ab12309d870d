"""What every chart of the views shares: a plotly figure that, once finished, computes its
dict once."""

from __future__ import annotations

import plotly.graph_objects as go


class Figure(go.Figure):
    """A finished chart that computes its dict once.

    `st.plotly_chart` calls `to_dict()` on every rerun: a deep copy of the figure and a scan
    of every array, most of a timeline rerun. The chart builders build this class from the
    start (copying a finished go.Figure into it would cost more than building it) and
    return it finished (the pages cache it per filter state); nobody changes it afterwards,
    so its dict is the same every time: it is computed on the first call and kept. Change
    a figure only before the first `to_dict()`.
    """

    def to_dict(self) -> dict:
        cached = self.__dict__.get("_finished_dict")
        if cached is None:
            cached = super().to_dict()
            self._finished_dict = cached
        return cached
