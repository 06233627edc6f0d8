"""How `kg --help` shows options: a flag without a value type.

Typer's rich help prints every option's type in a column of its own, and for a flag that is `<bool>`,
which reads as if `--cv <bool>` took a value. An empty metavar leaves the column blank; it is set
when the help asks for the parameters, so every flag (typer's own --help and completion ones too)
is shown the same way, and nothing else about parsing changes.
"""

from __future__ import annotations

import typer
import typer.core


class _FlagsWithoutType:
    def get_params(self, ctx):  # noqa: ANN001, ANN201 (click's signature)
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


class Group(_FlagsWithoutType, typer.core.TyperGroup):
    """The top-level `kg` group."""


class Command(_FlagsWithoutType, typer.core.TyperCommand):
    """Each `kg` command."""


def use_for_commands(app: typer.Typer) -> None:
    """Make every command registered on `app` so far (that chose no class of its own) a `Command`."""
    for info in app.registered_commands:
        if info.cls in (None, typer.core.TyperCommand):
            info.cls = Command
