"""The campaign: what it remembers between missions, the students' training, the missions it offers.

Game logic, below the UI and above ``sim``; no pygame. Modules:

- ``progress``: ``Progress``, the campaign kept in ``progress.json`` (a corrupt file is set aside);
- ``fates``: ``record_mission``, what a finished mission adds (only a won mission counts);
- ``skills``: the students' skills from experience; ``drills``: the simulator that trains them;
- ``lost``: the dead do not come back (``without_the_lost``);
- ``missions``: the built-in training and demo missions, loading by id or path, the mission list;
- ``saves``: games in progress, each a replay that has not ended.
"""

from .drills import (
    DRILL_SESSION_CAP,
    DRILL_SHARE,
    DRILLS,
    SIMULATOR_ID,
    TRAINING_CAP,
    Drill,
    DrillReport,
    run_drills,
    training_xp,
)
from .fates import MissionRecord, fate_flags, pilot_fates, record_mission
from .lost import CAST, LINE_PILOT, fallen_enemies, lost_cast, without_the_lost
from .missions import (
    BUILT_IN,
    TRAINING_ID,
    Mission,
    MissionEntry,
    MissionError,
    campaign_mission,
    demo_mission,
    load_mission,
    mission_list,
    training_mission,
)
from .progress import Progress, ProgressError
from .saves import (
    KEEP_SAVES,
    LoadedSave,
    SaveError,
    list_saves,
    load_save,
    mission_for,
    save_summary,
    saves_dir,
    verify_save,
    write_save,
)
from .skills import learners, overrides_for, skills, skills_line

__all__ = [
    "BUILT_IN",
    "CAST",
    "DRILLS",
    "DRILL_SESSION_CAP",
    "DRILL_SHARE",
    "KEEP_SAVES",
    "LINE_PILOT",
    "SIMULATOR_ID",
    "TRAINING_CAP",
    "TRAINING_ID",
    "Drill",
    "DrillReport",
    "LoadedSave",
    "Mission",
    "MissionEntry",
    "MissionError",
    "MissionRecord",
    "Progress",
    "ProgressError",
    "SaveError",
    "campaign_mission",
    "demo_mission",
    "fallen_enemies",
    "fate_flags",
    "learners",
    "list_saves",
    "load_mission",
    "load_save",
    "lost_cast",
    "mission_for",
    "mission_list",
    "overrides_for",
    "pilot_fates",
    "record_mission",
    "run_drills",
    "save_summary",
    "saves_dir",
    "skills",
    "skills_line",
    "training_mission",
    "training_xp",
    "verify_save",
    "without_the_lost",
    "write_save",
]
