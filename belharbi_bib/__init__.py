"""belharbi_bib: canonical BibTeX for Soufiane Belharbi's publications, and for any .bib file."""
