class BackupError(Exception):
    """A backup or restore cannot go on; the message is for the operator."""
