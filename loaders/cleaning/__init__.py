"""Helpers of the cleaning stage (`loaders.clean`): `seg` (text that keeps the offsets of its original
characters, HTML to text, character normalisation and simplification) and `lines` (classifying the lines
of a page and rejoining the ones the layout broke)."""
