"""Loading numpy and HiGHS on first use (a web worker serving stored snapshots never needs them)."""

import importlib
import importlib.util
import sys
from types import ModuleType


class _OnFirstUse(ModuleType):
    """Stands in for a module until one of its attributes is used, then imports it for real.

    Not the standard library's LazyLoader: that puts a half-made module into sys.modules at once,
    and other code that looks there (psycopg asks sys.modules for numpy whenever it adapts an
    integer) then used it from several threads while it was still loading ("module 'numpy' has
    no attribute 'integer'", seen with a class sending answers at once on PostgreSQL). Until it is
    used, nothing is in sys.modules; importlib's own lock makes the one real import safe.
    """

    def __init__(self, name: str):
        super().__init__(name)

    def __getattr__(self, attribute: str):
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)  # later look-ups do not come here again
        return getattr(module, attribute)


def lazy_module(name: str) -> ModuleType:
    """The module `name`, imported when one of its attributes is first used; at once if it was
    imported already."""
    if name in sys.modules:
        return sys.modules[name]
    if importlib.util.find_spec(name) is None:
        raise ModuleNotFoundError(name)
    return _OnFirstUse(name)
