"""The HTML report: one self-contained file (inline CSS and SVG, no network) on a patron.

Sections: reliability table with the index and the base rate, flows between the patron and
its most-tied allies, the watchlist, the prediction ledger, a picture of the patron's
alliance graph and a timeline plot. Every piece of article text goes through Jinja2's
autoescaping; the two pictures are SVG drawn by matplotlib (which escapes its text) and
inserted as they are.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from allywatch.analyze.timeline import Timeline

__all__ = ["render_report", "write_report"]

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
COLOURS = {
    "treaty": "#1f77b4", "arms": "#d62728", "intelligence": "#9467bd", "security": "#8c564b",
    "energy": "#ff7f0e", "trade": "#2ca02c", "diplomatic": "#17becf", "hostile": "#333333",
}  # fmt: skip


def _svg(fig: Figure) -> Markup:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    text = buf.getvalue()
    return Markup(text[text.find("<svg"):])  # matplotlib escapes the labels it writes


def graph_svg(graph: nx.MultiDiGraph, patron: str, max_nodes: int = 30) -> Markup:
    """The patron's neighbourhood: nodes by weighted degree, edges coloured by category."""
    simple = nx.Graph()
    for u, v, attrs in graph.edges(data=True):
        w = attrs.get("weight", 0)
        if w <= 0:
            continue
        prev = simple.get_edge_data(u, v, {"weight": 0})
        if w >= prev["weight"]:
            simple.add_edge(u, v, weight=w, category=attrs["category"])
    if patron in simple:
        keep = sorted(simple.nodes, key=lambda n: -simple.degree(n, weight="weight"))[:max_nodes]
        simple = simple.subgraph(set(keep) | {patron}).copy()
    fig = Figure(figsize=(7, 5.5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if simple.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no ties on record", ha="center")
        return _svg(fig)
    pos = nx.spring_layout(simple, seed=7, weight="weight")
    for cat, colour in COLOURS.items():
        edges = [(u, v) for u, v, c in simple.edges(data="category") if c == cat]
        if edges:
            nx.draw_networkx_edges(simple, pos, edgelist=edges, edge_color=colour, ax=ax,
                                   width=[1 + simple.edges[e]["weight"] ** 0.5 for e in edges],
                                   label=cat)  # fmt: skip
    colours = ["#ffcc00" if n == patron else "#dddddd" for n in simple.nodes]
    nx.draw_networkx_nodes(simple, pos, node_color=colours, node_size=500, ax=ax)
    nx.draw_networkx_labels(simple, pos, font_size=8, ax=ax)
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    return _svg(fig)


def timeline_svg(tl: Timeline) -> Markup:
    """Dated events of the timeline: date on x, event type on y; withheld in red."""
    fig = Figure(figsize=(8, 3.2))
    ax = fig.add_subplot()
    if not tl.dated:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no dated events", ha="center")
        return _svg(fig)
    types = sorted({s.event.type for s in tl.dated})
    for negated, colour in ((False, "#1f77b4"), (True, "#d62728")):
        pts = [(s.event.date.start, types.index(s.event.type)) for s in tl.dated
               if s.event.negated == negated and s.event.date and s.event.date.start]
        if pts:
            ax.scatter([date2num(p[0]) for p in pts], [p[1] for p in pts], c=colour, s=25,
                       label="withheld / negated" if negated else "event")  # fmt: skip
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_yticks(range(len(types)), types, fontsize=7)
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(f"{tl.actor}: {len(tl.dated)} dated events, {len(tl.undated)} undated",
                 fontsize=9)  # fmt: skip
    return _svg(fig)


def render_report(aw: Any, patron: str, *, n_flow_partners: int = 3) -> str:
    """The report on ``patron`` as an HTML string (``aw`` is an open ``Allywatch``)."""
    rel = aw.reliability(patron)
    wl = aw.watchlist(patron)
    ties = Counter({a.ally: len(a.ties) for a in rel.allies})
    flow_reports = [aw.flows(patron, ally) for ally, _ in ties.most_common(n_flow_partners)]
    predictions = aw.predictions()
    tl = aw.timeline(patron)
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(["html", "j2"]))  # fmt: skip
    html = env.get_template("report.html.j2").render(
        patron=patron, rel=rel, wl=wl, flows=flow_reports, predictions=predictions,
        graph_svg=graph_svg(aw.graph(patron), patron), timeline_svg=timeline_svg(tl),
        timeline=tl, generated=date.today().isoformat(),
    )  # fmt: skip
    return str(html)


def write_report(aw: Any, patron: str, path: Path) -> Path:
    """Write the report on ``patron`` to ``path``."""
    path.write_text(render_report(aw, patron), encoding="utf-8")
    log.info("report on %s written to %s", patron, path)
    return path
