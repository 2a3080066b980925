"""Readers of Chinese text shared by every layer: numerals, dates, places, document statuses."""
