"""Output formats shared by the commands: styling and the check reporters."""
