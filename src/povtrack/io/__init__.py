"""Files in and out: reading and validating a data file (`loader`, with `jsonloc` and `structure`
to locate problems and `rules` for what a valid file must say), writing output atomically
(`output`), importing other formats (`importing`) and exporting (`exporting`).

Imports `povtrack.model` and `povtrack.i18n`; never the computations, renderers or the CLI.
"""
