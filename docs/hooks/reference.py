"""MkDocs hook: the command reference page (`reference.md`), generated from the Typer application
each time the site is built, so that it always says what `povtrack COMMAND --help` says.

The page is not a file in `docs/`: `on_files` adds it to the site's files. Everything comes from
Typer's and Click's public API: `typer.main.get_command` turns the application that
`povtrack.cli.app.make_app()` builds into Click commands; for each command and subcommand,
`Context.get_usage()` gives its usage line and `Parameter.get_help_record()` the help of each
argument and option, the very records that `--help` lays out. `reference_markdown()` is also
called by tests/test_docs.py, which checks the page against the application's parameters.
"""

from __future__ import annotations

import html
import inspect
from typing import Any

TITLE = "Command reference"

INTRO = (
    "Every command, subcommand, argument and option of `povtrack`, as `povtrack COMMAND --help`"
    " gives them. This page is generated from the command line itself (`docs/hooks/reference.py`)"
    " each time the site is built, so it cannot drift from `--help`. The [command pages]"
    "(commands/index.md) explain each command with examples; the [exit codes](exit-codes.md) are"
    " the same for every command."
)


def _text(text: str) -> str:
    """Help text as Markdown (the application's `rich_markup_mode`): HTML is shown, never run."""
    return html.escape(text, quote=False)


def _help(command: Any) -> str:
    """The help of a command as `--help` shows it: Click's convention ends it at a form feed."""
    return inspect.cleandoc(command.help or "").split("\f", 1)[0].strip()


def _section(command: Any, ctx: Any, path: tuple[str, ...], out: list[str]) -> None:
    name = " ".join(("povtrack", *path))
    out.append(f"{'#' * min(2 + len(path), 6)} `{name}`\n" if path else "## `povtrack`\n")
    if _help(command):
        out.append(_text(_help(command)) + "\n")
    out.append(f"```text\n{ctx.get_usage()}\n```\n")
    records: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None:
            records.setdefault(param.param_type_name, []).append(record)
        elif param.param_type_name == "argument" and not getattr(param, "hidden", False):
            records["argument"].append((param.make_metavar(ctx), ""))
    for kind, title in (("argument", "Arguments"), ("option", "Options")):
        if records.get(kind):
            out.append(f"**{title}**\n")
            for names, text in records[kind]:
                out.append(f"- `{names}`" + (f": {_text(text)}" if text else ""))
            out.append("")
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:
        listed = [
            (sub_name, command.get_command(ctx, sub_name))
            for sub_name in command.list_commands(ctx)
        ]
        listed = [(sub_name, sub) for sub_name, sub in listed if sub is not None and not sub.hidden]
        out.append("**Commands**\n")
        out.extend(
            f"- [`{sub_name}`](#{'-'.join(('povtrack', *path, sub_name))}): "
            + _text(sub.get_short_help_str(limit=120))
            for sub_name, sub in listed
        )
        out.append("")
        for sub_name, sub in listed:
            sub_ctx = sub.context_class(sub, info_name=sub_name, parent=ctx, **sub.context_settings)
            _section(sub, sub_ctx, (*path, sub_name), out)


def reference_markdown() -> str:
    """The command reference as Markdown, from the application that `make_app()` builds."""
    import typer

    from povtrack import i18n
    from povtrack.cli.app import make_app

    # The reference is English whatever language is current (the builder's locale, or what a
    # command run before in the same process chose): help texts are translated as the app is
    # built.
    previous = i18n.get_lang()
    i18n.set_lang("en")
    try:
        root = typer.main.get_command(make_app())
        ctx = root.context_class(root, info_name="povtrack", **root.context_settings)
        out = [f"# {TITLE}\n", INTRO + "\n"]
        _section(root, ctx, (), out)
    finally:
        i18n.set_lang(previous)
    return "\n".join(out).rstrip() + "\n"


def on_files(files: Any, config: Any) -> Any:
    """Add the generated `reference.md` to the site's files (nothing is written in `docs/`)."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, "reference.md", content=reference_markdown()))
    return files
