"""Export layer."""
