"""What every layer shares: the Record, the configuration and the character rules."""
