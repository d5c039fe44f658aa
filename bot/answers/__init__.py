"""Answer building: leads, evidence and optional model phrasing."""
