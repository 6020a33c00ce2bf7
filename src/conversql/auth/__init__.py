"""Identity: who is asking (a `Principal`), how they proved it (API keys, JWT) and what they may reach."""
