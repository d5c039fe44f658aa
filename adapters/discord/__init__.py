"""Discord: the discord.py adapter and the embed rendering of replies."""
