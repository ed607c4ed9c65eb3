"""What the signal says, computed from the samples: frame levels, activity mask, speech presence."""
