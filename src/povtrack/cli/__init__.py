"""The command line: `app` builds the Typer application, `common` holds what the commands share
(options, exit codes, loading the data file), and `commands` has one module per command.

The top layer: it parses options, calls the core, hands the result to a renderer and maps the
outcome to an exit code. Nothing below imports it.
"""
