"""What notebooks record (``Recorder``) and how a briefing is rendered from it (``render``)."""

from toolkit.core.model import Finding
from toolkit.report.recorder import Recorder

__all__ = ["Finding", "Recorder"]
