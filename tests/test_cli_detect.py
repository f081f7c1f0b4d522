"""End to end through the CLI on the samples: flags, subs, upcoming, discover, rules."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from recon.normalise import CLEANER_VERSION
from tests.conftest import ROOT
from tests.test_cli import run

SAMPLES = ROOT / "samples"
AS_OF = ["--as-of", "2026-11-21"]


@pytest.fixture
def samples(workspace: Path) -> Path:
    run(workspace, "import", str(SAMPLES))
    return workspace


def flag_list(workspace: Path, *args: str) -> list[dict]:
    return json.loads(run(workspace, "flags", "--format", "json", *args).output)


def test_flags_on_the_samples_show_each_planted_problem_once(samples: Path) -> None:
    flags = flag_list(samples, *AS_OF)
    got = sorted((f["type"], f["posted_date"], f["subscription"] or f["description"])
                 for f in flags)
    assert got == [
        ("duplicate", "2026-09-07", "Spotify"),                 # charged twice
        ("missed", "2026-10-12", "iCloud+"),                    # no October charge
        ("price_change", "2026-10-03", "Netflix"),              # 10.99 -> 12.99
        ("trial_conversion", "2026-09-15", "Disney+"),          # trial ended 14 Sept
        ("unexpected", "2026-09-02", "PureGym"),                # after cancellation
        ("unexpected", "2026-10-02", "PureGym"),
        ("unexpected", "2026-10-09", "NOWTV.COM LONDON"),       # not in the catalogue
    ]
    netflix = next(f for f in flags if f["type"] == "price_change")
    assert (netflix["amount"], netflix["expected"], netflix["change"], netflix["change_pct"]) == (
        "-12.99", "10.99", "2.00", "18.2")
    assert set(netflix) >= {"id", "type", "severity", "txn_ids", "account", "posted_date",
                            "amount", "currency", "subscription", "expected", "message"}
    assert flag_list(samples, *AS_OF) == flags  # same ids on a rerun


def test_flags_filters_and_table(samples: Path) -> None:
    assert [f["type"] for f in flag_list(samples, *AS_OF, "--type", "missed")] == ["missed"]
    assert len(flag_list(samples, *AS_OF, "--month", "2026-09")) == 3
    table = run(samples, "flags", *AS_OF).output
    assert table.splitlines()[0].startswith("high    unexpected        2026-09-02  current")
    assert table.rstrip().endswith("7 flag(s): 4 high, 3 medium")
    as_csv = run(samples, "flags", *AS_OF, "--format", "csv").output
    assert as_csv.startswith("id,type,severity,txn_ids,")


def test_upcoming_reminders(samples: Path) -> None:
    flags = flag_list(samples, "--as-of", "2026-10-31", "--type", "upcoming")
    assert [(f["subscription"], f["expected_date"]) for f in flags] == [
        ("Netflix", "2026-11-03"), ("Spotify", "2026-11-07")]
    out = run(samples, "upcoming", "--as-of", "2026-10-31", "--days", "16").output
    assert out.splitlines() == [
        "2026-11-03  Netflix                       12.99 GBP  ****4321",
        "2026-11-07  Spotify                       11.99 GBP  ****4321",
        # iCloud+ missed October: it lapsed, so no reminder
        "2026-11-15  Disney+                        8.99 GBP  amex",
        "2026-11-15  Octopus Energy                42.00 GBP  current",
    ]
    later = run(samples, "upcoming", "--as-of", "2027-08-10").output.splitlines()
    assert later[-1] == ("2027-09-18  Amazon Prime                  95.00 GBP  amex"
                         "            cancel by 2027-08-19")


def test_subs(samples: Path) -> None:
    out = run(samples, "subs", *AS_OF).output
    assert ("Netflix            active    month    2026-10-03 2026-11-03     155.88  "
            "10.99 (2026-08-03) -> 12.99 (2026-10-03)") in out
    subs = json.loads(run(samples, "subs", "--format", "json", *AS_OF).output)
    prime = next(s for s in subs if s["name"] == "Amazon Prime")
    assert (prime["next_expected"], prime["cancel_by"], prime["annual_cost"]) == (
        "2027-09-18", "2027-08-19", "95.00")


def test_discover_write_keeps_the_catalogue_and_settles_the_flag(samples: Path) -> None:
    catalogue = samples / "rules" / "subscriptions.yaml"
    before = catalogue.read_text()
    out = run(samples, "discover").output
    assert out.startswith("Nowtv: 9.99 GBP every month on amex, 3 charges 2026-08-09 to "
                          "2026-10-09, next 2026-11-09")
    assert catalogue.read_text() == before
    run(samples, "discover", "--write", "Nowtv")
    after = catalogue.read_text()
    assert after.startswith(before)
    assert after.endswith("- {name: Nowtv, match: nowtv, amount: 9.99, currency: GBP, every: "
                          "month, account: amex}  # found by recon discover: 3 charges since "
                          "2026-08-09\n")
    assert "NOWTV.COM LONDON" not in {f["description"] for f in flag_list(samples, *AS_OF)}
    assert run(samples, "discover").output.startswith("no recurring charges")


def test_transactions_show_the_match(samples: Path) -> None:
    rows = json.loads(run(samples, "transactions", "--month", "2026-09", "--format", "json").output)
    spotify = [r for r in rows if r["subscription"] == "Spotify"]
    assert len(spotify) == 2
    assert (spotify[0]["match_method"], spotify[0]["match_score"]) == ("fuzzy", 100)
    rent = next(r for r in rows if r["description_raw"].startswith("RENT"))
    assert (rent["subscription"], rent["match_method"], rent["category"]) == (None, "none", "housing")
    table = run(samples, "transactions", "--month", "2026-09").output
    assert "NETFLIX.COM 866-579-7172 CA               Netflix (fuzzy 100)" in table


def test_rules_check_test_and_list(samples: Path) -> None:
    assert run(samples, "rules", "check").output == "ok: 7 subscription(s), 1 rule(s), settings\n"
    out = run(samples, "rules", "test", "NETFLIX.COM 866-579", "--amount", "15.49").output
    assert out.splitlines()[:3] == [
        "merchant key: 'netflix'",
        "  rule rules.yaml:7: no - description matches /^RENT STANDING ORDER/",
        "matched 'Netflix' by fuzzy (score 100)",
    ]
    listing = run(samples, "rules", "list").output
    assert "match.min_score                90" in listing


def test_broken_rules_are_one_clear_error(samples: Path) -> None:
    (samples / "rules" / "subscriptions.yaml").write_text(
        "- {name: Netflix, match: netflix, amout: 10.99}\n- {name: X, match: x, every: fortnight}\n")
    result = run(samples, "rules", "check", ok=False)
    assert result.exit_code == 1
    assert "Error: subscriptions.yaml:1: unknown key 'amout': did you mean 'amount'?" in result.output
    assert "Error: subscriptions.yaml:2: every: 'fortnight'" in result.output
    flags = run(samples, "flags", ok=False)
    assert flags.exit_code == 1 and "Traceback" not in flags.output
    assert flags.output.startswith(
        "Error: subscriptions.yaml:1: unknown key 'amout': did you mean 'amount'? (and 1 more)")


def test_bad_as_of_is_a_usage_error(samples: Path) -> None:
    result = run(samples, "flags", "--as-of", "21/11/2026", ok=False)
    assert result.exit_code == 2


def test_empty_workspace(workspace: Path) -> None:
    assert run(workspace, "flags").output == "no flags\n"
    assert json.loads(run(workspace, "flags", "--format", "json").output) == []
    assert run(workspace, "upcoming").output == "no renewals due in the window\n"
    assert "Netflix            active    month    no charges" in run(workspace, "subs").output


def test_keys_from_an_older_cleaner_are_recomputed_once(samples: Path) -> None:
    """Stored merchant keys are trusted while the cleaner that made them is the current one;
    a ledger from an older cleaner gets its keys recomputed (and stored) on analysis."""
    db = sqlite3.connect(samples / "ledger.sqlite")
    version = db.execute("SELECT value FROM meta WHERE key = 'merchant_key_version'").fetchone()
    assert version == (CLEANER_VERSION,)
    with db:  # as an older cleaner would have left it
        db.execute("UPDATE transactions SET merchant_key = 'old' WHERE merchant_key = 'netflix'")
        db.execute("UPDATE meta SET value = 'older' WHERE key = 'merchant_key_version'")
    expected = flag_list(samples, *AS_OF)
    assert any(f["type"] == "price_change" for f in expected)
    assert db.execute("SELECT count(*) FROM transactions WHERE merchant_key = 'old'"
                      ).fetchone() == (0,)
    assert db.execute("SELECT value FROM meta WHERE key = 'merchant_key_version'"
                      ).fetchone() == (CLEANER_VERSION,)
    with db:  # trusted now: a stored key is what the matcher sees
        db.execute("UPDATE transactions SET merchant_key = 'zzz' WHERE merchant_key = 'netflix'")
    assert not any(f["subscription"] == "Netflix" for f in flag_list(samples, *AS_OF))
    db.close()
