"""roadmap-cli: the CWS Task No. 58 strategic roadmap as data.

YAML files hold the 40 Recommendations, their groups, dependencies, survey answers and the CWS
session calendar; this package loads and validates them, orders and schedules the work, and
renders the Annex table "40 RECOMMENDATIONS AND CWS ACTIVITIES", Gantt charts and a report.
"""

__version__ = "0.1.0"
