"""Compile a `StructuredQuery` into a sqlglot AST for the source's dialect, joining along the join graph.

No SQL text is concatenated: measure expressions from the semantic model are parsed into ASTs and qualified.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp

from conversql.query.dialects import date_literal, time_bucket
from conversql.query.expressions import (AGGREGATES, COMPARE, RESERVED, comparison, convert, ident, literal,
                                          output_column, output_ref, snake)
from conversql.query.joins import JoinStep, join_tree, shortest_paths
from conversql.query.periods import change_pct, growth_pct, in_period, period_condition, period_slug, within
from conversql.query.structured import DimensionSpec, FilterSpec, MeasureSpec, StructuredQuery
from conversql.semantic.model import SemanticModel
from conversql.semantic.naming import plural, split_name


class CompileError(Exception):
    """The structured query refers to something the semantic model does not have."""


@dataclass
class OutputColumn:
    alias: str
    role: str                      # time | category | measure | detail
    grain: str | None = None
    unit: str | None = None
    source: str = ""               # the field or measure id it came from


@dataclass
class CompiledQuery:
    tree: exp.Select
    dialect: str
    outputs: list[OutputColumn] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)   # "table.column" read by the query

    @property
    def sql(self) -> str:
        return self.tree.sql(dialect=self.dialect, pretty=True)


def compile_query(q: StructuredQuery, model: SemanticModel) -> CompiledQuery:
    """Compile to SQL.

    >>> compile_query(StructuredQuery(measures=[MeasureSpec(measure="orders.freight")]), model).sql
    'SELECT SUM(o.freight) AS total_freight FROM orders AS o'
    """
    if any(m.per for m in q.measures):
        return _compile_per_entity(q, model)
    return _Compiler(q, model).run()


def _compile_per_entity(q: StructuredQuery, model: SemanticModel) -> CompiledQuery:
    """'average orders per customer': the measure per customer in a subquery, averaged outside it."""
    per = next(m.per for m in q.measures if m.per)
    ent = model.entities.get(per)
    if ent is None or len(ent.primary_key) != 1:
        raise CompileError(f"cannot average per {per}: it has no single key")
    inner_q = q.model_copy(deep=True, update={
        "dimensions": q.dimensions + [DimensionSpec(field=f"{per}.{ent.primary_key[0]}", alias="per_key")],
        "measures": [m.model_copy(update={"per": None, "alias": f"m{i}", "share": False})
                     for i, m in enumerate(q.measures)],
        "order": [], "limit": None})
    inner = _Compiler(inner_q, model).run()
    dims = [o for o in inner.outputs if o.role != "measure" and o.alias != "per_key"]
    outer = exp.select(*[output_ref(o.alias) for o in dims]).from_(inner.tree.subquery("per_group"))
    outputs = list(dims)
    label = snake(ent.label)
    for i, m in enumerate(q.measures):
        alias = f"avg_{_Compiler(q, model)._measure_alias(m.model_copy(update={'per': None}))}_per_{label}"
        avg = exp.Round(this=exp.Avg(this=exp.column(f"m{i}")), decimals=exp.Literal.number(2))
        outer = outer.select(output_column(avg, alias))
        unit = "count" if m.measure is None else model.measures[m.measure].unit if m.measure in model.measures \
            else model.fields[m.measure].unit if m.measure in model.fields else None
        outputs.append(OutputColumn(alias, "measure", None, unit, m.measure or m.entity or ""))
    if dims:
        outer = outer.group_by(*[output_ref(o.alias) for o in dims])
        outer = outer.order_by(exp.Ordered(this=output_ref(outputs[len(dims)].alias), desc=True))
    if q.limit:
        outer = outer.limit(q.limit)
    return CompiledQuery(outer, inner.dialect, outputs, inner.tables, inner.columns)


class _Compiler:
    def __init__(self, q: StructuredQuery, model: SemanticModel):
        self.q, self.model, self.dialect = q, model, model.dialect
        self.aliases: dict[str, str] = {}
        self.used_columns: list[str] = []
        self.outputs: list[OutputColumn] = []

    # --- entities and joins -------------------------------------------------------------------------------
    def _entity_of(self, ref: str) -> str:
        if ref in self.model.measures:
            return self.model.measures[ref].entity
        if ref in self.model.fields:
            return self.model.fields[ref].entity
        if ref in self.model.entities:
            return ref
        raise CompileError(f"unknown field or measure: {ref}")

    def _needed_entities(self) -> set[str]:
        q = self.q
        refs = [m.measure or m.entity for m in q.measures if m.measure or m.entity]
        refs += [d.field for d in q.dimensions] + list(q.fields) + \
            [f.field for f in q.filters if f.op not in ("exists", "not_exists", "any")] + \
            [f.value_field for f in q.filters if f.value_field] + \
            [x["field"] for f in q.filters if f.op == "any" for x in f.value]
        if q.time_range and q.time_range.field:
            refs.append(q.time_range.field)
        refs += [o.key for o in q.order if o.key in self.model.fields or o.key in self.model.entities]
        needed = {self._entity_of(r) for r in refs}
        if q.entity:
            needed.add(q.entity)
        return needed

    def _root(self, needed: set[str]) -> str:
        if self.q.entity:
            return self.q.entity
        for m in self.q.measures:
            if m.measure or m.entity:
                return self._entity_of(m.measure or m.entity)
        if not needed:
            raise CompileError("the query names no table")
        return sorted(needed)[0]

    def _is_name_of_entity(self, field_id: str) -> bool:
        f = self.model.fields.get(field_id)
        if f is None or f.role != "name":
            return False
        ent = self.model.entities[f.entity]
        # "Playlist.Name" names playlists; "gas_station.Manager_Name" names managers, who may run several
        own_words = set(ent.label.split()) | {"name", "title"}
        return ent.name_fields == [f.column] and bool(ent.primary_key) and f.column not in ent.primary_key \
            and set(f.label.split()) <= own_words

    def _alias_for(self, entity: str) -> str:
        words = split_name(entity)
        base = "".join(w[0] for w in words) or "t"
        alias, n = base, 1
        while alias in self.aliases.values() or alias.upper() in RESERVED:
            n += 1
            alias = f"{base}{n}"
        return alias

    def _table(self, entity: str) -> exp.Table:
        ent = self.model.entities[entity]
        table = exp.Table(this=ident(ent.name), db=ident(ent.schema) if ent.schema else None)
        return exp.alias_(table, self.aliases[entity], table=True)

    def _join_condition(self, step: JoinStep) -> exp.Expression:
        j = step.join
        conds = [exp.EQ(this=self._col(j.source, s), expression=self._col(j.target, t))
                 for s, t in zip(j.source_columns, j.target_columns)]
        return exp.and_(*conds) if len(conds) > 1 else conds[0]

    # --- expressions ---------------------------------------------------------------------------------------
    def _col(self, entity: str, column: str) -> exp.Column:
        ref = f"{entity}.{column}"
        if ref not in self.used_columns:
            self.used_columns.append(ref)
        return exp.Column(this=ident(column), table=exp.to_identifier(self.aliases[entity]))

    def _field_expr(self, field_id: str) -> exp.Expression:
        if field_id in self.model.entities:
            return self._display_name(field_id)
        f = self.model.fields.get(field_id)
        if f is None:
            raise CompileError(f"unknown field: {field_id}")
        if f.role == "numeric" and f.kind == "text":      # numbers kept as text are compared as numbers
            return exp.cast(self._col(f.entity, f.column), "DOUBLE")
        return self._col(f.entity, f.column)

    def _display_name(self, entity: str) -> exp.Expression:
        """An entity used as a dimension shows its name: one name column, or first and last name joined."""
        ent = self.model.entities[entity]
        names = ent.name_fields or ent.primary_key[:1]
        if not names:
            raise CompileError(f"{entity} has no column that names its rows")
        cols = [self._col(entity, n) for n in names]
        out = cols[0]
        for c in cols[1:]:
            out = exp.DPipe(this=exp.DPipe(this=out, expression=exp.Literal.string(" "), safe=True),
                            expression=c, safe=True)
        return out

    def _zero_groups_root(self, needed: set[str]) -> str | None:
        """Counting rows of E per group of D (D above E): start from D so groups with no E count 0. Only
        when nothing filters, so the LEFT JOINs stay exact."""
        q, model = self.q, self.model
        if len(q.measures) != 1 or q.filters or q.time_range or not q.dimensions:
            return None
        m = q.measures[0]
        if m.measure is not None or m.agg != "count" or not m.entity or m.share or m.per:
            return None
        groups = {d.field if d.field in model.entities else model.fields[d.field].entity for d in q.dimensions
                  if d.field in model.entities or d.field in model.fields}
        if len(groups) != 1 or m.entity in groups or any(d.grain for d in q.dimensions):
            return None
        group = groups.pop()
        path = shortest_paths(model, group).get(m.entity)
        if not path or all(s.forward for s in path) or not model.entities[m.entity].primary_key:
            return None
        if any(model.entities[s.entity].default_filters for s in path):
            return None
        # a relationship with a role of its own ("support rep") names who is in the group: only those
        if any(s.join.role and s.join.role != model.entities[s.join.target].label for s in path):
            return None
        return group

    def _measure_expr(self, spec: MeasureSpec) -> exp.Expression:
        if spec.measure is None:
            inner: exp.Expression = exp.Star()
            root = next(iter(self.aliases), None)
            if spec.agg == "count" and spec.entity and root and root != spec.entity and \
                    self.model.entities[spec.entity].primary_key:
                # counted from the group's side: count the rows that exist, not the joined NULLs
                return exp.Count(this=self._col(spec.entity, self.model.entities[spec.entity].primary_key[0]))
            if spec.agg == "count_distinct":
                ent = spec.entity or self.q.entity
                pk = self.model.entities[ent].primary_key if ent else []
                inner = self._col(ent, pk[0]) if pk else exp.Star()
            return exp.Count(this=exp.Distinct(expressions=[inner]) if spec.agg == "count_distinct"
                             and not isinstance(inner, exp.Star) else inner)
        m = self.model.measures.get(spec.measure)
        if m is None:
            if spec.measure not in self.model.fields:
                raise CompileError(f"unknown measure: {spec.measure}")
            value: exp.Expression = self._field_expr(spec.measure)
        else:
            value = sqlglot.parse_one(m.expr)
            for c in list(value.find_all(exp.Column)):
                if c is value:
                    value = self._col(m.entity, c.name)
                else:
                    c.replace(self._col(m.entity, c.name))
        return AGGREGATES[spec.agg](value)

    def _share_of_whole(self, spec: MeasureSpec) -> exp.Expression:
        """100 * AGG(value where the question's filters hold) / AGG(value): the filters become a CASE."""
        conds = [self._filter(f) for f in self.q.filters if not f.on_measure]
        cond = exp.and_(*conds) if conds else exp.true()
        base = self._measure_expr(spec)
        inner = base.this if isinstance(base, (exp.Sum, exp.Count)) else base
        if isinstance(inner, exp.Star):
            inner = exp.Literal.number(1)
        part = exp.Sum(this=exp.Case(ifs=[exp.If(this=cond, true=inner.copy())], default=exp.Literal.number(0)))
        whole = exp.Sum(this=inner.copy()) if not isinstance(base, exp.Count) else exp.Count(this=exp.Star())
        ratio = exp.Div(this=exp.Mul(this=exp.Literal.number(100.0), expression=part), expression=whole)
        return exp.Round(this=ratio, decimals=exp.Literal.number(2))

    def _measure_alias(self, spec: MeasureSpec) -> str:
        if spec.alias:
            return spec.alias
        if spec.measure is None:
            ent = self.model.entities.get(spec.entity or self.q.entity or "")
            noun = snake(ent.label) if ent else "row"
            return f"{noun}_count" if spec.agg == "count" else f"distinct_{snake(plural(noun))}"
        name = self.model.measures[spec.measure].name if spec.measure in self.model.measures \
            else self.model.fields[spec.measure].column
        prefix = {"sum": "total", "avg": "avg", "min": "min", "max": "max", "count": "count",
                  "count_distinct": "distinct"}[spec.agg]
        name = snake(name)
        return name if name.startswith(prefix) else f"{prefix}_{name}"

    def _dimension_alias(self, d: DimensionSpec) -> str:
        if d.alias:
            return d.alias
        if d.field in self.model.entities:
            return snake(self.model.entities[d.field].label)
        f = self.model.fields[d.field]
        return d.grain if d.grain and d.grain != "day" else snake(f.column)

    def _filter(self, f: FilterSpec) -> exp.Expression:
        if f.op == "any":
            return exp.paren(exp.or_(*[self._filter(FilterSpec.model_validate(x)) for x in f.value]))
        if f.op in ("exists", "not_exists"):
            return self._exists(f)
        if f.compare_to:
            return COMPARE[f.op](self._field_expr(f.field), self._column_aggregate(f))
        if f.value_field:
            return COMPARE[f.op](self._field_expr(f.field), self._field_expr(f.value_field))
        target = self._field_expr(f.field)
        kind = self.model.fields[f.field].kind if f.field in self.model.fields else "text"
        if isinstance(target, exp.Cast):
            kind = "number"
        lit = lambda v: literal(v, self.dialect, kind)  # noqa: E731
        return comparison(target, f.op, f.value, lit)

    # --- assembly ------------------------------------------------------------------------------------------
    def run(self) -> CompiledQuery:
        q, model = self.q, self.model
        needed = self._needed_entities()
        time_field = self._time_field(needed)
        if time_field:
            needed.add(model.fields[time_field].entity)
        if q.time_range and (q.time_range.start or q.time_range.end) and not time_field:
            # never answer as if a period applied when nothing here has a date to apply it to
            raise CompileError(f"nothing in this question has a date to limit to {q.time_range.label or 'a period'}")
        root = self._root(needed)
        counted_from = self._zero_groups_root(needed)
        if counted_from:
            root = counted_from
        steps = join_tree(model, root, needed)
        self.aliases[root] = self._alias_for(root)
        for s in steps:
            self.aliases[s.entity] = self._alias_for(s.entity)

        select = exp.Select().from_(self._table(root))
        shown_only = self._shown_only(steps)
        for s in steps:
            # a parent that is only shown beside each row must not drop rows that have none (LEFT JOIN);
            # nor may groups with nothing to count ("tracks on each playlist" shows empty playlists as 0)
            kind = "left" if s.entity in shown_only or counted_from else "inner"
            select = select.join(self._table(s.entity), on=self._join_condition(s), join_type=kind)

        group: list[exp.Expression] = []
        time_groups: list[exp.Expression] = []
        for d in q.dimensions:
            expr = self._field_expr(d.field)
            alias = self._dimension_alias(d)
            if d.grain:
                kind = model.fields[d.field].kind if d.field in model.fields else "date"
                grain = (within(d.grain, q.periods) or d.grain) if q.periods else d.grain
                expr = time_bucket(expr, grain, self.dialect) if kind != "text" or grain != "day" else expr
                time_groups.append(expr)
            select = select.select(output_column(expr, alias))
            group.append(expr)
            if d.field in model.entities:
                role = "category"
                for pk in model.entities[d.field].primary_key:  # two customers may share a name
                    group.append(self._col(d.field, pk))
            elif not d.grain and self._is_name_of_entity(d.field):
                role = "category"
                owner = model.fields[d.field].entity       # two playlists called "Music" are two groups
                group += [self._col(owner, pk) for pk in model.entities[owner].primary_key]
            elif q.periods and d.grain:
                role = "category"      # months of a year, compared across years: a cycle, not a timeline
            else:
                role = "time" if d.grain or model.fields[d.field].role == "time" else "category"
            self.outputs.append(OutputColumn(alias, role, d.grain if role == "time" else None, None, d.field))
            if d.field in model.entities:
                select = self._show_key(select, d.field)
        for fid in self._listed_fields():
            expr = self._field_expr(fid)
            alias = snake(model.entities[fid].label) if fid in model.entities else snake(model.fields[fid].column)
            if alias in {o.alias for o in self.outputs} and fid in model.fields:
                alias = f"{snake(model.entities[model.fields[fid].entity].label)}_{alias}"   # a manager's first_name
            if fid in q.conversions:
                expr, alias = convert(expr, q.conversions[fid]), q.conversions[fid].unit
            select = select.select(output_column(expr, alias))
            f = model.fields.get(fid)
            role = "time" if f and f.role == "time" else "measure" if f and f.role == "numeric" else "detail"
            self.outputs.append(OutputColumn(alias, role, None, f.unit if f else None, fid))
        measure_aliases: dict[str, str] = {}
        measure_exprs: dict[str, exp.Expression] = {}
        for m in q.measures:
            alias = self._measure_alias(m)
            value = self._measure_expr(m)
            if len(q.periods) > 1 and time_field:
                select = self._per_period(select, m, value, alias, time_field)
                continue
            conv = q.conversions.get(m.measure or "")
            if conv is not None:
                value = convert(value, conv)
                alias = f"{alias.split('_')[0]}_{conv.unit}" if m.agg != "sum" else f"total_{conv.unit}"
            if m.share and not q.dimensions:
                # "what % of revenue comes from the US": the filtered part over the whole, in one pass
                value, alias = self._share_of_whole(m), f"pct_{alias}"
            select = select.select(output_column(value, alias))
            self.outputs.append(OutputColumn(alias, "measure", None, self._unit(m), m.measure or m.entity or ""))
            if m.share and q.dimensions:
                share = exp.Window(this=exp.Sum(this=value.copy()))
                pct = exp.Round(this=exp.Div(this=exp.Mul(this=exp.Literal.number(100.0), expression=value.copy()),
                                             expression=share), decimals=exp.Literal.number(2))
                select = select.select(output_column(pct, f"pct_of_{alias}"))
                self.outputs.append(OutputColumn(f"pct_of_{alias}", "measure", None, None, ""))
            measure_aliases[m.measure or m.entity or "*"] = alias
            measure_exprs[m.measure or m.entity or "*"] = value
            if m.growth and time_groups:
                # "revenue growth by month": each month's change from the month before
                select = select.select(output_column(growth_pct(value, time_groups), f"{alias}_growth_pct"))
                self.outputs.append(OutputColumn(f"{alias}_growth_pct", "measure", None, None, ""))
        if q.distinct or not q.measures and any(not s.forward for s in steps):
            # rows listed through a one-to-many path ("customers who bought Grunge tracks") would repeat once
            # per match; each is listed once
            select = select.distinct()

        shared_whole = any(m.share for m in q.measures) and not q.dimensions
        where = [self._filter(f) for f in q.filters if not f.on_measure and not shared_whole]
        if q.apply_default_filters:
            for ent in [root] + [s.entity for s in steps]:
                where += [self._filter(f) for f in model.entities[ent].default_filters]
        if q.time_range and time_field and (q.time_range.start or q.time_range.end):
            col = self._field_expr(time_field)
            kind = model.fields[time_field].kind
            if q.time_range.start:
                where.append(exp.GTE(this=col, expression=date_literal(q.time_range.start, self.dialect, kind)))
            if q.time_range.end:
                where.append(exp.LT(this=col, expression=date_literal(q.time_range.end, self.dialect, kind)))
        if where:
            select = select.where(exp.and_(*where) if len(where) > 1 else where[0])
        if group and q.measures:
            select = select.group_by(*group)
        having = [f for f in q.filters if f.on_measure]
        for f in having:
            # the aggregate itself, not its alias: PostgreSQL cannot see output names in HAVING
            target = measure_exprs[f.field].copy() if f.field in measure_exprs else self._field_expr(f.field)
            select = select.having(comparison(target, f.op, f.value,
                                               lambda v: literal(v, self.dialect, "number")))
        for o in self._order():
            select = select.order_by(o)
        if q.limit:
            select = select.limit(q.limit)
        return CompiledQuery(select, self.dialect, self.outputs, [model.entities[e].name for e in self.aliases],
                             list(self.used_columns))

    def _unit(self, m: MeasureSpec) -> str | None:
        if m.agg in ("count", "count_distinct"):
            return "count"
        return self.model.measures[m.measure].unit if m.measure in self.model.measures else None

    def _per_period(self, select: exp.Select, m: MeasureSpec, value: exp.Expression, alias: str,
                    time_field: str) -> exp.Select:
        """'2025 vs 2024': the measure once per period, side by side, and the change between two periods."""
        column, kind = self._field_expr(time_field), self.model.fields[time_field].kind
        shown = []
        for period in sorted(self.q.periods, key=lambda p: p.start):
            cell = in_period(value, period_condition(column, period, self.dialect, kind))
            name = f"{alias}_{period_slug(period)}"
            select = select.select(output_column(cell, name))
            self.outputs.append(OutputColumn(name, "measure", None, self._unit(m), m.measure or m.entity or ""))
            shown.append(cell)
        if len(shown) == 2:
            select = select.select(output_column(change_pct(shown[0], shown[1]), f"{alias}_change_pct"))
            self.outputs.append(OutputColumn(f"{alias}_change_pct", "measure", None, None, ""))
        return select

    def _show_key(self, select: exp.Select, entity: str) -> exp.Select:
        """A group that is a table's row shows its key beside its name ("Accounting", "ACCT"): names repeat,
        keys are what other tables and people refer to it by. Charts label by the name (the key's role is id)."""
        ent = self.model.entities[entity]
        if len(ent.primary_key) != 1 or ent.primary_key[0] in ent.name_fields or not ent.name_fields:
            return select
        alias = snake(ent.primary_key[0])
        if alias in {o.alias for o in self.outputs}:
            return select
        self.outputs.append(OutputColumn(alias, "id", None, None, f"{entity}.{ent.primary_key[0]}"))
        return select.select(output_column(self._col(entity, ent.primary_key[0]), alias))

    def _listed_fields(self) -> list[str]:
        """The columns of a listing: a person listed shows first and last name as two columns, as a table
        would (grouped results keep one label per row, which a chart needs)."""
        out: list[str] = []
        for fid in self.q.fields:
            ent = self.model.entities.get(fid)
            parts = [f"{fid}.{c}" for c in ent.name_fields] if ent is not None and len(ent.name_fields) > 1 else []
            if parts and all(p in self.model.fields for p in parts):
                out += [p for p in parts if p not in self.q.fields and p not in out]
            elif fid not in out:
                out.append(fid)
        return out

    def _exists(self, f: FilterSpec) -> exp.Expression:
        """[NOT] EXISTS (SELECT 1 FROM related ... correlated with the query's own rows): "customers who never
        ordered", "tracks that were never sold". The related rows are reached along the join graph."""
        root = next(iter(self.aliases))
        if f.value_field:
            sub, aliases = self._same_value_rows(f)
            return self._exists_with(f, sub, aliases, root)
        path = shortest_paths(self.model, root).get(f.field)
        if not path:
            raise CompileError(f"no known relationship connects {root} and {f.field}")
        aliases = {root: self.aliases[root]}
        sub = None
        for n, step in enumerate(path, 1):
            aliases[step.entity] = f"x{n}"
            ent = self.model.entities[step.entity]
            table = exp.alias_(exp.Table(this=ident(ent.name), db=ident(ent.schema) if ent.schema else None),
                               f"x{n}", table=True)
            j = step.join
            cond = exp.and_(*[exp.EQ(this=exp.column(ident(sc), aliases[j.source]),
                                     expression=exp.column(ident(tc), aliases[j.target]))
                              for sc, tc in zip(j.source_columns, j.target_columns)])
            sub = exp.select(exp.Literal.number(1)).from_(table).where(cond) if sub is None else \
                sub.join(table, on=cond, join_type="inner")
        return self._exists_with(f, sub, aliases, root)

    def _same_value_rows(self, f: FilterSpec) -> tuple[exp.Select, dict[str, str]]:
        """The rows of a table that share the listed row's value of a column: 'colleges that have both
        midfielders and defenders' looks for other rows of the same college."""
        key = self.model.fields[f.value_field]
        ent = self.model.entities[f.field]
        table = exp.alias_(exp.Table(this=ident(ent.name), db=ident(ent.schema) if ent.schema else None), "x1",
                           table=True)
        same = exp.EQ(this=exp.column(ident(key.column), "x1"), expression=self._field_expr(f.value_field))
        return exp.select(exp.Literal.number(1)).from_(table).where(same), {f.field: "x1"}

    def _exists_with(self, f: FilterSpec, sub: exp.Select, aliases: dict[str, str], root: str) -> exp.Expression:
        # "in both A and B": each EXISTS carries its own condition on the related rows
        for cond in f.value or []:
            c = FilterSpec.model_validate(cond)
            field = self.model.fields[c.field]
            if field.entity not in aliases:
                raise CompileError(f"{c.field} is not on the way from {root} to {f.field}")
            column = exp.column(ident(field.column), aliases[field.entity])
            sub = sub.where(comparison(column, c.op, c.value, lambda v, k=field.kind: literal(v, self.dialect, k)))
        exists = exp.Exists(this=sub)
        return exp.Not(this=exists) if f.op == "not_exists" else exists

    def _column_aggregate(self, f: FilterSpec) -> exp.Expression:
        """(SELECT AVG(column) FROM its table): what "above the average" compares with."""
        field = self.model.fields[f.field]
        ent = self.model.entities[field.entity]
        table = exp.Table(this=ident(ent.name), db=ident(ent.schema) if ent.schema else None)
        agg = {"avg": exp.Avg, "min": exp.Min, "max": exp.Max}[f.compare_to]
        column: exp.Expression = exp.column(ident(field.column))
        if field.role == "numeric" and field.kind == "text":
            column = exp.cast(column, "DOUBLE")
        return exp.Subquery(this=exp.select(agg(this=column)).from_(table))

    def _shown_only(self, steps: list[JoinStep]) -> set[str]:
        """Entities reached by many-to-one steps only to show a column of a detail row: nothing filters,
        groups or measures on them, and nothing else is joined through them."""
        q = self.q
        if q.measures:
            return set()
        used = {f.field.split(".")[0] if f.field not in self.model.entities else f.field for f in q.filters}
        if q.time_range and q.time_range.field:
            used.add(q.time_range.field.split(".")[0])
        shown = {f if f in self.model.entities else f.split(".")[0] for f in q.fields}
        parents = {s.parent for s in steps}
        forward = {s.entity for s in steps if s.forward}
        return {e for e in shown & forward if e not in used and e not in parents}

    def _time_field(self, needed: set[str]) -> str | None:
        tr = self.q.time_range
        if not tr or not (tr.start or tr.end):
            return None
        if tr.field:
            return tr.field
        candidates = [self.q.entity] if self.q.entity else []
        candidates += [self.model.measures[m.measure].entity for m in self.q.measures if m.measure in self.model.measures]
        candidates += sorted(needed)
        for ent in candidates:
            tf = self.model.default_time_field(ent) if ent else None
            if tf:
                return tf.id
        return None

    def _order(self) -> list[exp.Ordered]:
        aliases = {o.alias for o in self.outputs}
        by_source = {o.source: o.alias for o in self.outputs if o.source}
        out = []
        for o in self.q.order:
            key = o.key if o.key in aliases else by_source.get(o.key)
            expr = output_ref(key) if key else self._field_expr(o.key)
            out.append(exp.Ordered(this=expr, desc=o.desc))
        if out:
            if self.q.measures and self.q.dimensions:
                # ties broken by the groups, so the same question always lists rows in the same order
                shown = {o.this.name for o in out if isinstance(o.this, exp.Column)}
                out += [exp.Ordered(this=output_ref(o.alias), desc=False) for o in self.outputs
                        if o.role in ("category", "time") and o.alias not in shown]
            return out
        time_outs = [o for o in self.outputs if o.role == "time" and o.grain]
        if self.q.periods and self.q.measures:       # quarters of the year, in order, each period beside them
            time_outs = [o for o in self.outputs if o.role == "category" and o.source in
                         {d.field for d in self.q.dimensions if d.grain}]
        if self.q.measures and time_outs:
            # "H1 2025" does not sort as text: halves go by their first day
            return [exp.Ordered(this=exp.Min(this=self._field_expr(t.source)) if t.grain == "half"
                                else output_ref(t.alias), desc=False) for t in time_outs]
        measures = [o for o in self.outputs if o.role == "measure"]
        if self.q.measures and self.q.dimensions and measures:
            return [exp.Ordered(this=output_ref(measures[0].alias), desc=True)]
        return []
