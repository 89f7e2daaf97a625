"""Targets: exact apportionment, level-by-level cascade, time phasing, and the commit workflow."""

from deepmarketing.targets._apportion import apportion as apportion
from deepmarketing.targets._phasing import Phaser as Phaser
from deepmarketing.targets._phasing import Profile as Profile
from deepmarketing.targets._phasing import phase as phase

__all__ = ["Phaser", "Profile", "apportion", "phase"]
