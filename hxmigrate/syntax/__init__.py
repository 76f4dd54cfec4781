"""Lossless views of a file: each hands rules exact offsets into the original text."""
