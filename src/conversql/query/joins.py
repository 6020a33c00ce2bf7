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
    """Dijkstra from `root` over the join graph: entity -> the steps that reach it. Cached per model and root
    (see `_cache`); callers only read the result.

    >>> [s.entity for s in shortest_paths(model, "order_details")["customers"]]
    ['orders', 'customers']
    """
    paths = _cache(model).paths
    found = paths.get(root)
    if found is None:
        found = paths[root] = _dijkstra(model, root)
    return found


def _dijkstra(model: SemanticModel, root: str) -> dict[str, list[JoinStep]]:
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
    costs = _cache(model).costs
    key = (root, frozenset(targets))
    cost = costs.get(key)
    if cost is None:
        paths = shortest_paths(model, root)
        if any(t not in paths for t in targets):
            cost = float("inf")
        else:
            steps = {s for t in targets for s in paths[t]}
            cost = sum(MANY_TO_ONE_COST if s.forward else ONE_TO_MANY_COST for s in steps)
        if len(costs) < MAX_CACHED_COSTS:
            costs[key] = cost
    return cost


MAX_CACHED_COSTS = 50_000       # (root, targets) pairs a model keeps; a question asks for a few dozen


@dataclass
class _PathCache:
    """Shortest paths and join costs of one state of a model's join graph. Parsing one question on a 100-table
    schema asks for them hundreds of times (every candidate reading is costed), and the graph only changes when
    the model is built or refined, so they are computed once per root and reused while the joins stay the same."""
    joins: tuple
    paths: dict[str, dict[str, list[JoinStep]]]
    costs: dict[tuple[str, frozenset], float]


def _cache(model: SemanticModel) -> _PathCache:
    # The fingerprint is the joins as they are now: a refinement that adds, removes or redirects one (or a
    # copy of the model, with new Join objects) starts a fresh cache.
    joins = tuple((id(j), j.source, j.target, tuple(j.source_columns), tuple(j.target_columns), j.role)
                  for j in model.joins)
    cache = model.__dict__.get("_path_cache")
    if cache is None or cache.joins != joins:
        cache = _PathCache(joins, {}, {})
        model.__dict__["_path_cache"] = cache
    return cache


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


def is_parent_or_self(model: SemanticModel, start: str, other: str) -> bool:
    """Whether `other` is `start` or reached from it through many-to-one joins only (each row has one)."""
    if start == other:
        return True
    path = shortest_paths(model, start).get(other)
    return path is not None and all(s.forward for s in path)


def has_many(model: SemanticModel, start: str, other: str) -> bool:
    """Whether one `start` row may have several `other` rows (a one-to-many step on the way)."""
    path = shortest_paths(model, start).get(other)
    return path is not None and any(not s.forward for s in path)
