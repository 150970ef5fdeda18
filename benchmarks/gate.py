"""The privacy gate at the scale of a large town: 100,000 responses × 20 questions.

The gate sees counts, not rows, so its cost depends on the number of groups, categories and small
cells. Counts are drawn for 100,000 respondents spread like Wolmirstedt's localities (one with
about 3 % of the people) and an age question with six bands, answering 20 questions of five
options; the SQL counting that feeds the gate is measured separately in `run.py`.
"""

import random
import time

from participation.disclosure.table_gate import QuestionTable, protect_many

LOCALITY_SHARES = {"wolmirstedt": 0.72, "elbeu": 0.09, "farsleben": 0.08, "glindenberg": 0.08, "mose": 0.03}
AGE_SHARES = [0.05, 0.12, 0.22, 0.25, 0.22, 0.14]


def synthetic_tables(respondents: int, questions: int, options: int = 5, seed: int = 1) -> list[QuestionTable]:
    rng = random.Random(seed)
    tables = []
    for _ in range(questions):
        weights = [rng.random() ** 2 + 0.01 for _ in range(options)]
        by_locality = {slug: [0] * options for slug in LOCALITY_SHARES}
        by_age = {f"a{band}": [0] * options for band in range(len(AGE_SHARES))}
        town = [0] * options
        # Multinomial counts per (locality, age) cell, drawn in bulk rather than per person.
        for slug, share in LOCALITY_SHARES.items():
            for band, age_share in enumerate(AGE_SHARES):
                people = round(respondents * share * age_share)
                answers = rng.choices(range(options), weights=weights, k=people)
                for answer in answers:
                    by_locality[slug][answer] += 1
                    by_age[f"a{band}"][answer] += 1
                    town[answer] += 1
        tables.append(
            QuestionTable.build(
                [f"o{k}" for k in range(options)], town, {"locality": by_locality, "age": by_age},
                complete=("locality", "age"),
            )
        )
    return tables


def bench_gate(respondents: int = 100_000, questions: int = 20) -> float:
    tables = synthetic_tables(respondents, questions)
    started = time.perf_counter()
    protect_many(tables)
    seconds = time.perf_counter() - started
    note = "target about 1 s" if respondents >= 100_000 else "small groups cost more audit, no target"
    print(f"{'privacy gate':<32} {respondents:>7,} responses × {questions} questions {seconds:6.2f} s   ({note})")
    return seconds


def main() -> None:
    bench_gate()
    bench_gate(respondents=400)


if __name__ == "__main__":
    main()
