"""Errors a user can cause, as one family with messages written for a learner.

Anything raised that is *not* a :class:`CnnvizError` is a bug: the CLI exits with
a code other than 2 and the window shows "something went wrong" with a log entry.
"""

from __future__ import annotations


class CnnvizError(Exception):
    """A problem caused by the user's input (file, setting, weights, session).

    ``subject`` names what was wrong (a file path, a setting key such as
    ``conv1.stride``, a layer name), so every surface can say it first.
    """

    def __init__(self, message: str, *, subject: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject

    def __str__(self) -> str:
        if self.subject and not self.message.startswith(self.subject):
            return f"{self.subject}: {self.message}"
        return self.message


class SettingError(CnnvizError):
    """A setting value or combination of settings that cannot work.

    ``key`` is the setting the message is attached to (``conv2.kernel_size``);
    ``related`` lists other settings that take part in the problem; ``fixes``
    are the changes the message suggests, as ``(key, value)`` pairs, each of
    which on its own removes this problem (tests apply every one of them).
    """

    def __init__(
        self,
        message: str,
        *,
        key: str,
        related: tuple[str, ...] = (),
        fixes: tuple[tuple[str, object], ...] = (),
    ) -> None:
        super().__init__(message, subject=key)
        self.key = key
        self.related = related
        self.fixes = fixes


class SettingsErrors(CnnvizError):
    """Several setting problems at once (each is a :class:`SettingError`)."""

    def __init__(self, problems: list[SettingError]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_any(problems: list[SettingError] | tuple[SettingError, ...]) -> None:
    """Raise the one problem as it is, several as :class:`SettingsErrors`, none: return."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SettingsErrors(list(problems))


class ImageError(CnnvizError):
    """An image file that cannot be used (missing, not an image, truncated, …)."""


class WeightsError(CnnvizError):
    """A weights file that cannot be loaded into the current network."""


class SessionError(CnnvizError):
    """A session file that is not valid."""


class DeviceError(CnnvizError):
    """A compute device that does not exist or cannot be used."""
