"""Registration with Hypothesis: ``st.from_type`` for ``Rubric``, ``Submission`` and ``Actor``.

Hypothesis runs the entry points of its ``hypothesis`` group (ours:
``zi_engine.testing:_hypothesis_setup_hook``) when it is first imported. If that
happens while ``zi_engine.testing`` is itself still importing – it imports
Hypothesis – the hook only notes the request, and the package registers when it
has finished loading (:func:`_finish_loading`, its last statement). So this
module imports no Hypothesis and no strategy module at its top, and the package
imports it first.
"""

from __future__ import annotations

from zi_engine.lifecycle import Actor
from zi_engine.rubric._rubric import Rubric
from zi_engine.submission._model import Submission

_module_loaded = False
_register_when_loaded = False


def _hypothesis_setup_hook() -> None:
    """Entry point of Hypothesis' plugin group (``[project.entry-points.hypothesis]``)."""
    global _register_when_loaded  # noqa: PLW0603 - see the module's docstring
    if _module_loaded:
        register()
    else:
        _register_when_loaded = True


def _finish_loading() -> None:
    """Called by ``zi_engine.testing`` once loaded: register if Hypothesis asked meanwhile."""
    global _module_loaded  # noqa: PLW0603 - see the module's docstring
    _module_loaded = True
    if _register_when_loaded:
        register()


def register() -> None:
    """Register strategies so ``st.from_type`` works for ``Rubric``, ``Submission`` and
    ``Actor``.

    Hypothesis calls this through its ``hypothesis`` entry-point group when
    zi_engine is installed; call it yourself (say, in ``conftest.py``) when
    ``HYPOTHESIS_NO_PLUGINS`` is set. Calling it again is harmless.
    """
    # imported on call, not at the top: see the module's docstring
    from hypothesis import strategies as st

    from zi_engine.testing._lifecycle import actors
    from zi_engine.testing._rubrics import rubrics
    from zi_engine.testing._submissions import submissions

    st.register_type_strategy(Rubric, rubrics())
    st.register_type_strategy(Submission, rubrics().flatmap(submissions))
    # the lifecycle definition is read on first use, not while Hypothesis is importing
    st.register_type_strategy(Actor, st.deferred(actors))
