"""PLACEHOLDER: replaced by its owner."""

from portal.dashboard.indicators import Indicator


class YoungTeachersCovered(Indicator):
    code = "young_teachers.covered"
    title = "PLACEHOLDER"

    def compute(self, units, period):
        return {}


class YoungTeachersRetention(Indicator):
    code = "young_teachers.retention"
    title = "PLACEHOLDER"

    def compute(self, units, period):
        return {}
