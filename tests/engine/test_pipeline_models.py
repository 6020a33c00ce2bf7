"""Choosing a model: the deterministic parser is always offered; an unknown model id is refused before any work."""
import pytest

from conversql.engine.errors import UnknownModel
from conversql.engine.pipeline import DETERMINISTIC_MODEL


def test_the_deterministic_model_is_always_offered(engine):
    assert DETERMINISTIC_MODEL in engine.model_ids()


def test_choosing_the_deterministic_model_answers(engine):
    answer = engine.ask("how many customers", source="demo", model=DETERMINISTIC_MODEL)
    assert answer.rows and answer.rows[0][0] > 0


def test_an_unknown_model_is_refused(engine):
    with pytest.raises(UnknownModel) as e:
        engine.ask("how many customers", source="demo", model="gpt-17")
    assert "gpt-17" in str(e.value) and DETERMINISTIC_MODEL in e.value.known


def test_a_chain_of_pronouns_follows_the_people_named(chinook_engine):
    first = chinook_engine.ask("Who does Jane Peacock report to?", source="chinook")
    second = chinook_engine.ask("and who does she report to?", source="chinook", context=first)
    third = chinook_engine.ask("list everyone who reports directly to him", source="chinook", context=second)
    assert first.rows[0][:2] == ["Nancy", "Edwards"] and second.rows[0][:2] == ["Andrew", "Adams"]
    assert {f"{r[0]} {r[1]}" for r in third.rows} == {"Nancy Edwards", "Michael Mitchell"}


def test_who_after_a_set_of_things_lists_the_people_who_have_them(chinook_engine):
    first = chinook_engine.ask("How many tracks are in the Grunge playlist?", source="chinook")
    who = chinook_engine.ask("has anyone bought those songs? who?", source="chinook", context=first)
    truth = chinook_engine.catalog.get("chinook").source.execute(
        "SELECT DISTINCT c.FirstName, c.LastName FROM Customer c JOIN Invoice i ON i.CustomerId = c.CustomerId "
        "JOIN InvoiceLine il ON il.InvoiceId = i.InvoiceId JOIN PlaylistTrack pt ON pt.TrackId = il.TrackId "
        "JOIN Playlist p ON p.PlaylistId = pt.PlaylistId WHERE p.Name = 'Grunge'")
    assert who.query.entity == "Customer" and sorted(map(tuple, who.rows)) == sorted(map(tuple, truth.rows))
