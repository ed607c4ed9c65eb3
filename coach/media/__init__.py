"""Media-relations practice: interviews and doorstop sessions, press releases, script delivery, exercises, what next."""
