"""The computations: the report (`report`), progress towards a future target (`progress`,
`progress_math`), ranking regions (`ranking`), the CI gate (`gate`) and sources (`provenance`).

Each takes a validated `povtrack.model.records.Dataset` and returns plain typed objects that
renderers turn into text; nothing here prints or formats for a terminal.
"""
