"""analyse(audio) -> SessionReport, the tips picked from it and its plain-text summary."""
