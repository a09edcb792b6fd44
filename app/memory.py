"""Hold off Python's cycle collector while a request builds one large answer.

A whole argument tree is tens of thousands of dicts and lists that live until the answer is
sent. Allocating them sets off the cycle collector again and again, and each full pass walks
every object the process holds, the application's own included: on a 5,000-argument tree
that took as long as building the answer. The answer holds no cycles, so reference counting
frees all of it the moment it is sent, and nothing is lost by collecting later.
"""

import gc
import threading
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
# Threads of one worker share the collector: it comes back on when the last of them is done,
# and only if it was on when the first began.
_holding = 0
_was_enabled = False


def without_cycle_collection(view: Callable[P, R]) -> Callable[P, R]:
    """Run a view with the cycle collector held off until its answer is built and its own
    objects are freed."""

    @wraps(view)
    def held(*args: P.args, **kwargs: P.kwargs) -> R:
        global _holding, _was_enabled
        with _lock:
            if _holding == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _holding += 1
        try:
            return view(*args, **kwargs)
        finally:
            with _lock:
                _holding -= 1
                if _holding == 0 and _was_enabled:
                    gc.enable()

    return held
