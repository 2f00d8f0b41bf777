"""Build the searchable store from a folder of documents: clean, chunk, embed, save."""
