"""Statistical disclosure control for everything the platform publishes (PRIVACY.md §3–§6).

Pure: nothing here imports Flask, SQLAlchemy or the rest of the application, so a statistician can
review the package alone. Its input is plain data (counts, the questionnaire's public structure,
earlier published versions); its output says which numbers may be shown.

- `policy`        the thresholds and the reasons a number is hidden;
- `table_gate`    one table alone (primary rules, secondary suppression, interval audit), the
                  building block and the behaviour before the whole-publication audit;
- `publication`   the input of the whole-publication gate: tables, group sizes, public facts;
- `model`         the unknowns and the (in)equalities any reader knows;
- `audit`         intervals of every hidden number, as the public and as each insider;
- `gate`          primary rules plus secondary suppression until nothing hidden can be pinned.
"""

#: Audit everything a survey publishes together (issue 10). Off: every table is gated alone, as
#: before; kept for the tests that show the attacks succeed without the whole-publication audit.
WHOLE_PUBLICATION = True
