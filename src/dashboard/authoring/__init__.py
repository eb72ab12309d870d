"""Authoring: the commands that write visit folders (a draft from an article, an empty visit)."""
