"""The few exceptions that abort a command, each with the exit code it maps to."""

from __future__ import annotations


class JourneysError(Exception):
    """A problem that stops a command before it can do its work (exit code 2)."""

    exit_code = 2


class CatalogNotFound(JourneysError):
    """The path given on the command line does not exist or holds no catalog."""


class UnsafeFile(JourneysError):
    """A folder the site is made from holds what must not be read: a link leading out of it,
    a FIFO, a device (exit code 1). Nothing was read or written."""

    exit_code = 1


class InstallError(JourneysError):
    """Something the tool ships with (a schema, a template) is missing or broken."""


class InvalidArgument(JourneysError):
    """A value given to a command cannot be used: an id that is not an id, a bad folder."""


class Refused(JourneysError):
    """The command would overwrite a file or contradict the catalog, so it wrote nothing
    (exit code 1): an id already taken, a file already there, an id the catalog lacks."""

    exit_code = 1


class InvalidConfig(JourneysError):
    """The MkDocs configuration cannot be read: not YAML, or not a mapping (exit code 1)."""

    exit_code = 1
