"""Plotly figures: data in, figure out."""
