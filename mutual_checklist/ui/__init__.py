"""Ui layer."""
