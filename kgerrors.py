"""The one error family the CLI knows: each carries a single line meant for the user."""


class KgError(Exception):
    """Base of every error the `kg` command reports as one line on stderr."""


class InputError(KgError):
    """A report file that cannot be read: missing, empty, binary, undecodable, too large."""


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or run, or a name that matches nothing."""


class StoreError(KgError):
    """A store that does not exist, is locked by another process, or cannot be written."""


class QueryTimeout(QueryError):
    """A query that ran past its time limit (the endpoint answers it with HTTP 503)."""
