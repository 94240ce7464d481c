"""A short seeded pass of the DOCX fuzzer (`scripts/fuzz.py`): every mutant fails cleanly or reads.

200 mutants of the corpus's Word files run in a pool of two capped worker processes, every 25th also
through the real command line in subprocesses; a long run is `scripts/fuzz.py --count 5000`.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("policydiff_fuzz", ROOT / "scripts" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the worker processes unpickle outcomes by module name
    spec.loader.exec_module(module)
    return module


def test_two_hundred_seeded_mutants_end_in_exit_0_or_2_and_parse_agrees_with_compare() -> None:
    fuzz = _fuzz()
    outcomes = list(fuzz.run(seed=17, count=200, workers=2, sample=25))
    failures = [o for o in outcomes if o.problem]
    assert not failures, "\n".join(
        f"{o.seed}:{o.index} {o.mutation} {o.source}: {o.problem}" for o in failures
    )
    # The pass exercised what it claims: every mutation, both outcomes, both ways of running.
    assert set(Counter(o.mutation for o in outcomes)) == set(fuzz.MUTATIONS)
    assert {(o.parse, o.compare) for o in outcomes} == {(0, 0), (2, 2)}
    assert {o.via for o in outcomes} == {"process", "subprocess"}


def test_a_mutant_is_the_same_for_the_same_seed_and_index() -> None:
    fuzz = _fuzz()
    sources = fuzz.corpus_files()
    assert fuzz.mutant(3, 41, sources) == fuzz.mutant(3, 41, sources)
    assert fuzz.mutant(3, 41, sources) != fuzz.mutant(3, 42, sources)
