"""The battle screen, in rooms.

- ``scene``: ``BattleScene``, the scene the app drives (input to commands, the loop, the frame).
- ``view``: ``BattleView``, the screen's state and its reading of the engine; plays the choreography.
- ``modes`` and ``commands``: the input modes as values; one command table for keys and buttons;
  each mode's handler takes a command and returns the next mode.
- ``orders``: the player's orders (select, move, menu, forecast, attack, undo, end phase, Rei).
- ``choreography``: engine events to animation steps (pure Python, no pygame); which events the
  player sees and what it remembers of enemies are the engine's (``engine.knowledge``).
- ``camera``, ``mapdraw``, ``panels``, ``popups``, ``readouts``: the layout, the map, the panels, the
  order panels, and what the panels say.
"""

from .camera import Camera, Layout
from .mapdraw import draw_map
from .scene import BattleScene

__all__ = ["BattleScene", "Camera", "Layout", "draw_map"]
