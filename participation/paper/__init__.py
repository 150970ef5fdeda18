"""Paper questionnaires typed in by staff, CSV imports of paper responses, and kiosk mode."""
