"""Mutual Checklist: the transition leader's cockpit for becoming an employee-owned mutual."""

__version__ = "0.1.0"
APP_NAME = "Mutual Checklist"
APP_ID = "uk.org.mutualchecklist.MutualChecklist"
ORG_NAME = "Mutual Checklist"
