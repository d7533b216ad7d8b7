"""One animation frame as the client hands it out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple

#: Frames per second of the service's default configuration (``streaming.frames_per_second``).
DEFAULT_FRAMES_PER_SECOND = 30.0


@dataclass(frozen=True)
class Frame:
    """One frame of the animation: its position from 0, its time in seconds from the start of the
    audio, and one weight per channel (blendshape) in the server's channel order."""

    index: int
    time: float
    weights: Dict[str, float]

    @property
    def names(self) -> Tuple[str, ...]:
        """Channel names in the server's order."""
        return tuple(self.weights)

    @property
    def values(self) -> Tuple[float, ...]:
        """Weights in the server's channel order."""
        return tuple(self.weights.values())
