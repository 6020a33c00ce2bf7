"""Join planning: the cheapest tree of join-graph edges that connects the entities a query needs."""
from __future__ import annotations

import heapq
from dataclasses import dataclass

from conversql.semantic.model import Join, SemanticModel

# Following a many-to-one edge never multiplies rows; walking it backwards (one-to-many) may, so it costs more.
MANY_TO_ONE_COST = 1.0
ONE_TO_MANY_COST = 1.4


@dataclass(frozen=True, eq=False)
class JoinStep:
    """Join `entity` to the tree through `join`; `forward` is True when the tree side holds the foreign key."""
    entity: str
    join: Join
    forward: bool

    @property
    def parent(self) -> str:
        return self.join.source if self.forward else self.join.target


class NoJoinPath(Exception):
    """Two entities the question needs are not connected in the join graph."""


def shortest_paths(model: SemanticModel, root: str) -> dict[str, list[JoinStep]]:
    """Dijkstra from `root` over the join graph: entity -> the steps that reach it.

    >>> [s.entity for s in shortest_paths(model, "order_details")["customers"]]
    ['orders', 'customers']
    """
    adjacency: dict[str, list[tuple[float, JoinStep]]] = {}
    for j in model.joins:
        if j.source == j.target:
            continue  # self-references need a role alias; not a path to another entity
        adjacency.setdefault(j.source, []).append((MANY_TO_ONE_COST, JoinStep(j.target, j, True)))
        adjacency.setdefault(j.target, []).append((ONE_TO_MANY_COST, JoinStep(j.source, j, False)))
    best: dict[str, tuple[float, list[JoinStep]]] = {root: (0.0, [])}
    heap: list[tuple[float, int, str]] = [(0.0, 0, root)]
    tie = 0
    while heap:
        cost, _, node = heapq.heappop(heap)
        if cost > best[node][0]:
            continue
        for step_cost, step in adjacency.get(node, []):
            new = cost + step_cost
            if step.entity not in best or new < best[step.entity][0] - 1e-9:
                best[step.entity] = (new, best[node][1] + [step])
                tie += 1
                heapq.heappush(heap, (new, tie, step.entity))
    return {k: v[1] for k, v in best.items()}


def path_cost(model: SemanticModel, root: str, targets: set[str]) -> float:
    """Total cost of joining `targets` to `root`; infinity when one is unreachable."""
    paths = shortest_paths(model, root)
    if any(t not in paths for t in targets):
        return float("inf")
    steps = {s for t in targets for s in paths[t]}
    return sum(MANY_TO_ONE_COST if s.forward else ONE_TO_MANY_COST for s in steps)


def join_tree(model: SemanticModel, root: str, targets: set[str]) -> list[JoinStep]:
    """The steps, parents before children, that bring every target into a query rooted at `root`."""
    paths = shortest_paths(model, root)
    ordered: list[JoinStep] = []
    seen = {root}
    for t in sorted(targets - {root}):
        if t not in paths:
            raise NoJoinPath(f"no known relationship connects {root} and {t}")
        for step in paths[t]:
            if step.entity not in seen:
                seen.add(step.entity)
                ordered.append(step)
    return ordered
